"""The RPCs of ``cityscore.rural_roads.v1.RuralRoadsService``, one module per resource: the
network register and works, surveys, survey units, and reports."""
