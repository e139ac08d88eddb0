"""The RPCs of ``cityscore.blood_quota.v1.BloodQuotaService``, one module per resource: plans,
allocations (district tables, apportionments, their reports and replay), district splits, and
collections with their progress."""
