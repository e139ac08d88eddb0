"""A phone is one key however it is written (``021-5555-1234``, ``02155551234``,
``+86 21 5555 1234``); a row stored before phones were written canonically is still found when
typed as it was registered. Searching by resident ID number or phone is for the offices and
enterprises that keep or supervise users, and every such search leaves an audit entry with who
asked and the masked forms, never the number. The seeded users are those of ``lpg_world.seed``.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from typing import Any

import grpc
from integration.services.lpg_registry.lpg_world import RESIDENT, Registry, refused, rid
from sqlalchemy import text

from cityscore.core.config import Settings
from cityscore.lpg_registry.v1 import lpg_registry_service_pb2 as pb
from cityscore.lpg_registry.v1 import lpg_registry_service_pb2_grpc as pb_grpc

SPELLINGS = ("021-5555-1234", "02155551234", "+86 21 5555 1234")


def found(stub: pb_grpc.LpgRegistryServiceStub, **criteria: Any) -> list[int]:
    response = stub.FindUsers(pb.FindUsersRequest(**criteria))
    return [u.user_id for u in response.users]


def register(registry: Registry, phone: str, name: str,
             resident_id: str = "310101199003071257") -> pb.User:
    user: pb.User = registry.e1.RegisterUser(pb.RegisterUserRequest(
        request_id=rid(), user=pb.User(
            user_type=pb.USER_TYPE_RESIDENTIAL, enterprise_id="E1", name=name,
            resident_id=resident_id, phone=phone, address="3 Lane 5",
            district="pudong", subdistrict="Huamu"))).user
    return user


def find_entries(registry: Registry) -> list[dict[str, Any]]:
    with registry.running.engine("lpg_registry").connect() as connection:
        rows = connection.execute(text(
            "SELECT recorded_at, principal, role, rpc, action, entity_type, detail "
            "FROM lpg_registry_audit_log WHERE action = 'find' ORDER BY id")).mappings()
        return [dict(row) for row in rows]


def test_every_spelling_of_a_phone_finds_the_user(registry: Registry) -> None:
    users = [register(registry, phone, f"Qian {n}", number) for n, (phone, number) in
             enumerate(zip(SPELLINGS, ("310101199003071206", "310101199003071214",
                                       "310101199003071222"), strict=True))]
    assert [u.phone_masked for u in users] == ["021****1234"] * 3, \
        "first 3 and last 4 of 02155551234, however it was typed"
    for typed in SPELLINGS:
        assert found(registry.e1, phone=typed) == [u.user_id for u in users], typed
    # A mobile number written with the country code is the one registered without it.
    assert found(registry.e1, phone="+86 138 0013 8000") == [registry.resident_id]
    assert found(registry.e1, phone="0086-13800138000") == [registry.resident_id]
    # Without its area code a landline is another number: the registry does not guess it.
    assert found(registry.e1, phone="5555-1234") == []


def test_a_row_hashed_as_typed_is_still_found_typed_the_same_way(registry: Registry) -> None:
    user = register(registry, "021-5555-7777", "Sun")
    as_typed = hmac.new(Settings().pii_hash_key.encode("utf-8"), b"021-5555-7777",
                        hashlib.sha256).hexdigest()
    with registry.running.engine("lpg_registry").begin() as connection:
        connection.execute(text("UPDATE lpg_registry_user SET phone_hash = :hash "
                                "WHERE user_id = :id"), {"hash": as_typed, "id": user.user_id})
    assert found(registry.e1, phone=" 021-5555-7777 ") == [user.user_id]
    assert found(registry.e1, phone="02155557777") == [], \
        "only the stored hash is known, so another spelling cannot reach the old row"


def test_operators_and_assessors_may_not_search_users(registry: Registry) -> None:
    assessor = pb_grpc.LpgRegistryServiceStub(registry.running.channel("assessor-token"))
    for stub in (registry.operator, assessor):
        for criteria in ({"resident_id": RESIDENT}, {"phone": "13800138000"},
                         {"name_contains": "zhang"}):
            code, _ = refused(lambda: found(stub, **criteria))  # noqa: B023
            assert code is grpc.StatusCode.PERMISSION_DENIED
    assert find_entries(registry) == [], "a refused search reads nothing and finds nobody"


def test_a_search_by_identifier_is_audited_without_the_number(registry: Registry) -> None:
    assert found(registry.e1, resident_id=RESIDENT, phone="+86 138 0013 8000") == [
        registry.resident_id]
    assert found(registry.pudong, phone="13900000000") == []
    assert found(registry.e1, name_contains="zhang") == [registry.resident_id]
    entries = find_entries(registry)
    details = [json.loads(e.pop("detail")) for e in entries]
    assert all(e.pop("recorded_at") is not None for e in entries), "when it was asked"
    assert entries == [
        {"principal": "enterprise-e1", "role": "lpg_enterprise",
         "rpc": "FindUsers", "action": "find",
         "entity_type": "user"},
        {"principal": "pudong-office", "role": "district_office",
         "rpc": "FindUsers", "action": "find",
         "entity_type": "user"}], "one entry per search by identifier, none by name"
    assert details == [
        {"fields": ["resident_id", "phone"], "resident_id": "310***********1230",
         "phone": "138****8000", "user_ids": [registry.resident_id]},
        {"fields": ["phone"], "phone": "139****0000", "user_ids": []}]
    with registry.running.engine("lpg_registry").connect() as connection:
        audit = str(connection.execute(text("SELECT * FROM lpg_registry_audit_log")).fetchall())
    for number in (RESIDENT, "13800138000", "8613800138000", "13900000000"):
        assert number not in audit
