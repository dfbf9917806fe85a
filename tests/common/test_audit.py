"""The audit log: entries with who, what and which fields changed."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser

from omrade.common.audit import audit_entries_for, audit_record, changes_between
from omrade.common.models import AuditEntry
from omrade.tenancy.models import Role

pytestmark = pytest.mark.django_db


def test_changes_between_lists_only_changed_fields_as_old_and_new():
    before = {"status": "open", "level": "board", "note": None}
    after = {"status": "resolved", "level": "board", "resolved_on": date(2024, 5, 1)}
    assert changes_between(before, after) == {
        "status": ["open", "resolved"],
        "resolved_on": [None, "2024-05-01"],
    }


def test_changes_between_makes_values_json_friendly():
    assert changes_between({"share": Decimal("50.0")}, {"share": Decimal("40")}) == {
        "share": ["50.0", "40"]
    }
    assert changes_between({"a": 1}, {"a": 1}) == {}


def test_audit_record_stores_actor_object_and_changes(tenants):
    user = tenants.users[Role.PROGRAMME_MANAGER]
    entry = audit_record(
        municipality=tenants.home,
        actor=user,
        action="municipality.renamed",
        obj=tenants.home,
        summary="Nytt navn",
        changes={"name": ["Fredrikstad", "Fredrikstad kommune"]},
    )
    stored = AuditEntry.objects.get()
    assert stored == entry
    assert (stored.actor, stored.municipality, stored.action) == (
        user,
        tenants.home,
        "municipality.renamed",
    )
    assert (stored.object_type, stored.object_id) == ("tenancy.municipality", str(tenants.home.pk))
    assert stored.changes == {"name": ["Fredrikstad", "Fredrikstad kommune"]}
    assert list(audit_entries_for(tenants.home)) == [entry]
    assert list(audit_entries_for(tenants.other)) == []


def test_anonymous_or_missing_actor_is_stored_as_none(tenants):
    first = audit_record(municipality=None, actor=AnonymousUser(), action="x", obj=tenants.home)
    second = audit_record(municipality=None, actor=None, action="y", obj=tenants.home)
    assert (first.actor, second.actor, first.changes) == (None, None, {})


def test_change_lines_show_field_labels_and_choice_labels_in_the_active_language(tenants):
    from django.utils import translation

    from omrade.common.audit import change_lines
    from omrade.programmes.services.programme import programme_create

    programme = programme_create(
        by=None, municipality=tenants.home, name="Satsing", start_year=2023, end_year=2033
    )
    entry = audit_record(
        municipality=tenants.home,
        actor=None,
        action="programme.status",
        obj=programme,
        changes={"status": ["planned", "active"], "comment": [None, "ok"]},
    )
    with translation.override("nb"):
        assert [(line.field, line.old, line.new) for line in change_lines(entry)] == [
            ("Status", "Under planlegging", "Pågår"),
            ("comment", "–", "ok"),
        ]
    with translation.override("da"):
        line = change_lines(entry)[0]
        assert (line.old, line.new) == ("Under planlægning", "I gang")
    with translation.override("en"):
        line = change_lines(entry)[0]
        assert (line.old, line.new) == ("In planning", "Ongoing")
