"""One mechanism for everything that has states: a table of transitions with the actor of
each step, enforced by one audited `Workflow.apply`.

An app's `workflow.py` declares its table as `Transition(action, source, target, actor)` rows
and builds one `Workflow` from it, naming how to read and write the state, who an actor is
(`may_act(user, actor, obj)`, from the app's permissions), the labels pages show, and the
audit action of each step. Its services change the state only through `Workflow.apply`,
which locks the row, refuses a step the table does not hold (ValidationError on the state
field) or an actor the rule refuses (PermissionDenied), sets the state, saves and writes the
audit entry, all in one transaction. Pages ask `allowed_for(user, obj)` for the buttons and
render `next_actors(obj)` as their "Neste steg" line (`common/next_steps.html`).

`by=None` is the system (the demo loader, console commands): it may take every step the table
allows.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils.translation import gettext as _

from omrade.common.audit import audit_record, changes_between
from omrade.common.services import save_validated

T = TypeVar("T", bound=Model)

# Every workflow by the model it moves (one each), for pages that render "who acts next"
# from an object (`{{ booking|next_actors }}`, common/templatetags/omrade_workflow.py).
WORKFLOWS: dict[type[Model], Workflow[Any]] = {}


@dataclass(frozen=True)
class Transition:
    """One allowed step: `action` takes a thing in state `source` to `target`; `actor` (a key
    the workflow's `may_act` understands) takes it."""

    action: str
    source: Hashable
    target: Hashable
    actor: str


@dataclass(frozen=True)
class NextStep:
    """A step forward as the "Neste steg" line shows it: what, and who takes it."""

    action: str
    label: str  # the step, e.g. "Anbefal planen"
    actor: str
    actor_label: str  # who takes it, e.g. "programstyret"


class Workflow(Generic[T]):
    """The table of one kind of thing, and the only way to move it from state to state."""

    def __init__(
        self,
        *,
        model: type[T],
        transitions: Iterable[Transition],
        state_fields: tuple[str, ...],
        may_act: Callable[[Any, str, T], bool],
        municipality_of: Callable[[T], Any],
        audit_actions: Mapping[Any, str],
        action_labels: Mapping[Any, Any],
        actor_labels: Mapping[Any, Any],
        summary: Callable[[T], str],
        refused: Callable[[T, str], ValidationError] | None = None,
        audited_fields: tuple[str, ...] = (),
        backward: Iterable[str] = (),
        needs_reason: Mapping[Any, tuple[str, Any]] | None = None,
        audit_object: Callable[[T], Model] | None = None,
        register: bool = True,
    ) -> None:
        self.model = model
        self.transitions: tuple[Transition, ...] = tuple(transitions)
        self.state_fields = state_fields
        self.may_act = may_act
        self.municipality_of = municipality_of
        self.audit_actions = dict(audit_actions)
        self.action_labels = dict(action_labels)
        self.actor_labels = dict(actor_labels)
        self.summary = summary
        self._refused = refused
        self.audited_fields = tuple(
            dict.fromkeys([*state_fields, *audited_fields])
        )  # state first, no repeats
        self.backward = frozenset(backward)
        # action → (field, message): the step needs a reason, named on that field when missing.
        self.needs_reason = dict(needs_reason or {})
        # The object whose history records a step: the thing itself unless said otherwise.
        self.audit_object: Callable[[T], Model] = audit_object or (lambda obj: obj)
        missing = {t.action for t in self.transitions} - set(self.audit_actions)
        if missing:
            raise ValueError(f"no audit action for {sorted(missing)}")
        if register:  # the one workflow of its model, for `Workflow.of`
            if WORKFLOWS.get(model, self) is not self:
                raise ValueError(f"{model.__name__} already has a workflow")
            WORKFLOWS[model] = self

    # --- reading the table ------------------------------------------------------------------

    def state_of(self, obj: T) -> Hashable:
        """The state as the table names it: one field's value, or a tuple of several."""
        values = tuple(getattr(obj, name) for name in self.state_fields)
        return values[0] if len(values) == 1 else values

    def _set_state(self, obj: T, state: Hashable) -> None:
        values = (state,) if len(self.state_fields) == 1 else tuple(state)  # type: ignore[arg-type]
        for name, value in zip(self.state_fields, values, strict=True):
            setattr(obj, name, value)

    def transition_for(self, action: str, state: Hashable) -> Transition | None:
        """The step `action` takes from `state`, or None when the table does not hold it."""
        for transition in self.transitions:
            if transition.action == action and transition.source == state:
                return transition
        return None

    def allowed_actions(self, state: Hashable) -> list[str]:
        """The actions the table allows from `state`, in the table's order, each once."""
        return list(dict.fromkeys(t.action for t in self.transitions if t.source == state))

    def actors_of(self, action: str) -> frozenset[str]:
        """Everyone who takes `action` from some state (to tell "not yours" from "not now")."""
        return frozenset(t.actor for t in self.transitions if t.action == action)

    def allowed_for(self, user: Any, obj: T) -> list[Transition]:
        """The steps `user` may take on `obj` now: in the table, and the actor's rule lets
        them."""
        state = self.state_of(obj)
        return [
            t for t in self.transitions if t.source == state and self.may_act(user, t.actor, obj)
        ]

    def actions_for(self, user: Any, obj: T) -> list[str]:
        """The actions of `allowed_for`, each once."""
        return list(dict.fromkeys(t.action for t in self.allowed_for(user, obj)))

    @staticmethod
    def of(obj: Model) -> Workflow[Any] | None:
        """The workflow that moves `obj`'s kind of thing, if any."""
        return WORKFLOWS.get(type(obj))

    def next_actors(self, obj: T) -> list[NextStep]:
        """Who acts next: the steps forward from the state with who takes each (steps back,
        such as returning to draft, are left out); empty when there are no more steps."""
        state = self.state_of(obj)
        return [
            NextStep(
                t.action,
                str(self.action_labels[t.action]),
                t.actor,
                str(self.actor_labels[t.actor]),
            )
            for t in self.transitions
            if t.source == state and t.action not in self.backward
        ]

    # --- the one way to move ----------------------------------------------------------------

    def refused(self, obj: T, action: str) -> ValidationError:
        if self._refused is not None:
            return self._refused(obj, action)
        label = self.action_labels.get(action, action)
        return ValidationError(
            {self.state_fields[0]: _("«%(action)s» er ikke tillatt nå.") % {"action": label}}
        )

    def check(self, obj: T, action: str, *, by: Any) -> Transition:
        """The step `action` from `obj`'s state if the table holds it and `by` may take it;
        else ValidationError (not in the table) or PermissionDenied (not this actor's). A
        table may give one step several rows with different actors: any of them may take it."""
        state = self.state_of(obj)
        candidates = [t for t in self.transitions if t.action == action and t.source == state]
        if not candidates:
            raise self.refused(obj, action)
        if by is None:
            return candidates[0]
        for transition in candidates:
            if self.may_act(by, transition.actor, obj):
                return transition
        raise PermissionDenied(
            _("Du har ikke myndighet til å «%(action)s».")
            % {"action": self.action_labels.get(action, action)}
        )

    def snapshot(self, obj: T) -> dict[str, Any]:
        return {name: getattr(obj, name) for name in self.audited_fields}

    @transaction.atomic
    def apply(
        self,
        obj: T,
        action: str,
        *,
        by: Any,
        reason: str = "",
        update: Callable[[T, Transition], None] | None = None,
        after: Callable[[T, Transition], Mapping[str, list[Any]] | None] | None = None,
        extra_changes: Mapping[str, list[Any]] | None = None,
        audit: bool = True,
    ) -> Transition:
        """Take one step: lock the row and start from what is stored, check the table and the
        actor's rule, require a reason where the table says so, let `update` set the step's
        other fields (it may refuse with a ValidationError), set the state, save (validated),
        run `after` (what follows from the step, e.g. the waiting list moving up; it may
        return more changes to record) and write the audit entry. Returns the step taken.

        `audit=False` only for steps the audit log has never recorded: a resident's own
        choices (cancelling with their link) and the system's consequences of a recorded
        step; they go through the same table."""
        self.model._default_manager.select_for_update().filter(pk=obj.pk).first()
        obj.refresh_from_db()
        transition = self.check(obj, action, by=by)
        if action in self.needs_reason and not reason.strip():
            field, message = self.needs_reason[action]
            raise ValidationError({field: str(message)})
        before = self.snapshot(obj)
        if update is not None:
            update(obj, transition)
        self._set_state(obj, transition.target)
        save_validated(obj)
        changes = changes_between(before, self.snapshot(obj))
        changes.update(extra_changes or {})
        if after is not None:
            changes.update(after(obj, transition) or {})
        if audit:
            audit_record(
                municipality=self.municipality_of(obj),
                actor=by,
                action=self.audit_actions[transition.action],
                obj=self.audit_object(obj),
                summary=self.summary(obj),
                changes=changes,
            )
        return transition
