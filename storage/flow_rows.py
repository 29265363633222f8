"""A flow as the Flows screen shows it, readable without SQLAlchemy.

`storage.queries.flows` reads these with its joined query; `storage.peek.peek_flows` reads the
first screenful of them with the standard library before SQLAlchemy and SQLModel have loaded
(the Flows screen's first visit while the file opens). Both select `FLOW_COLUMNS`, in order.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any, TypeVar

from models.characters import stored_text
from models.enums import Approach, Direction, FlowState, Frequency, Mechanism, Sensitivity
from models.names import flow_ref

if TYPE_CHECKING:
    from models.tables import FlowBase

# The columns a `FlowRow` is made of, as `table.column` of the flow joined to its ends
# ("source", "target": the system table) and data object ("object").
FLOW_COLUMNS = (
    "flow.id",
    "source.name",
    "target.name",
    "object.name",
    "flow.frequency",
    "flow.mechanism",
    "flow.direction",
    "flow.state",
    "flow.approach",
    "flow.owner",
    "flow.error_handling",
    "flow.security",
    "flow.monitored",
    "flow.volume_per_day",
    "flow.manual_hours_per_week",
    "flow.notes",
    "flow.source_id",
    "flow.target_id",
    "flow.data_object_id",
    "object.sensitivity",
)

E = TypeVar("E", bound=StrEnum)


def _members(enum: type[E]) -> dict[str, E]:
    """Value -> member, so thousands of rows convert by dictionary lookup."""
    return {member.value: member for member in enum}


_FREQUENCY = _members(Frequency)
_MECHANISM = _members(Mechanism)
_DIRECTION = _members(Direction)
_STATE = _members(FlowState)
_APPROACH = _members(Approach)
_SENSITIVITY = _members(Sensitivity)


@dataclass(frozen=True)
class FlowRow:
    """One flow as the Flows screen shows it: ends and data object by name, every field."""

    id: int
    source: str
    target: str
    data_object: str
    # None is unknown (not recorded) for every answer below but the free text.
    frequency: Frequency | None
    mechanism: Mechanism | None
    direction: Direction | None
    state: FlowState | None
    approach: Approach | None
    owner: str
    error_handling: str
    security: str
    monitored: bool | None
    volume_per_day: int | None
    manual_hours_per_week: float | None
    notes: str
    source_id: int
    target_id: int
    data_object_id: int
    sensitivity: Sensitivity | None  # the data object's, for the sensitive-data marker

    @property
    def ref(self) -> str:
        """`SOURCE -> TARGET: OBJECT`, as findings name the flow."""
        return flow_ref(self.source, self.target, self.data_object)

    @property
    def two_way(self) -> bool:
        return self.direction is Direction.TWO_WAY

    def fields(self) -> FlowBase:
        """The editable fields, for filling in the edit form."""
        from models.tables import FLOW_FIELDS, FlowBase

        with stored_text():
            return FlowBase.model_validate({name: getattr(self, name) for name in FLOW_FIELDS})


def flow_row(values: Sequence[Any]) -> FlowRow:
    """A row of the flows query's columns (`FLOW_COLUMNS`, in that order) as a `FlowRow`."""
    return FlowRow(
        id=values[0],
        source=values[1],
        target=values[2],
        data_object=values[3],
        frequency=_FREQUENCY.get(values[4]),
        mechanism=_MECHANISM.get(values[5]),
        direction=_DIRECTION.get(values[6]),
        state=_STATE.get(values[7]),
        approach=_APPROACH.get(values[8]),
        owner=values[9],
        error_handling=values[10],
        security=values[11],
        monitored=None if values[12] is None else bool(values[12]),
        volume_per_day=values[13],
        manual_hours_per_week=None if values[14] is None else float(values[14]),
        notes=values[15],
        source_id=values[16],
        target_id=values[17],
        data_object_id=values[18],
        sensitivity=_SENSITIVITY.get(values[19]),
    )
