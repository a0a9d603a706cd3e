"""The council phase of the dossier workflow as an explicit transition table.

The evaluation app owns the states up to ACCEPTED (`ocop/evaluation/workflow.py`); from
there this table applies. `services._transition` is the only code that makes these moves,
and each writes an `evaluation.DossierEvent` row, so a dossier's history stays in one place.

ACCEPTED ──open──▶ IN_EVALUATION ──close──▶ EVALUATED ──recognise──▶ RECOGNISED
                                                      ├─not_recognise─▶ NOT_RECOGNISED
                                                      └─forward──▶ FORWARDED_UP
FORWARDED_UP ──upper_recognise──▶ RECOGNISED (a lower level certifies from the upper result,
QĐ 26/2026 Điều 7.4.g, or records the ministry's 5★ decision)
FORWARDED_UP ──upper_not_recognise──▶ NOT_RECOGNISED
"""

from __future__ import annotations

from dataclasses import dataclass

from ocop.evaluation.models import DossierState as S

CHAIR = "chair"  # the council's chair
OFFICE = "office"  # the office that manages the council (province; district under QĐ 148)


@dataclass(frozen=True)
class Transition:
    action: str
    source: str
    target: str
    label: str
    actors: tuple[str, ...]
    source_article: str = ""


TRANSITIONS = (
    Transition("council_open", S.ACCEPTED, S.IN_EVALUATION, "Bắt đầu chấm điểm", (CHAIR, OFFICE),
               "QĐ 26/2026 Điều 7.3.d"),
    Transition("council_close", S.IN_EVALUATION, S.EVALUATED, "Kết thúc chấm điểm", (CHAIR,),
               "QĐ 26/2026 Điều 3.3, 7.3.d"),
    Transition("recognise", S.EVALUATED, S.RECOGNISED, "Quyết định công nhận", (OFFICE,),
               "QĐ 26/2026 Điều 7.3.đ"),
    Transition("not_recognise", S.EVALUATED, S.NOT_RECOGNISED, "Không công nhận", (OFFICE,),
               "QĐ 26/2026 Điều 4.1.a"),
    Transition("forward_up", S.EVALUATED, S.FORWARDED_UP, "Chuyển cấp trên đánh giá", (OFFICE,),
               "QĐ 26/2026 Điều 6.3, 7.3.e"),
    Transition("upper_recognise", S.FORWARDED_UP, S.RECOGNISED, "Công nhận theo kết quả cấp trên", (OFFICE,),
               "QĐ 26/2026 Điều 7.4.g"),
    Transition("upper_not_recognise", S.FORWARDED_UP, S.NOT_RECOGNISED, "Không công nhận theo kết quả cấp trên",
               (OFFICE,), "QĐ 26/2026 Điều 7.4"),
)

# state → next state → Transition
TABLE: dict[str, dict[str, Transition]] = {}
for _transition in TRANSITIONS:
    TABLE.setdefault(_transition.source, {})[_transition.target] = _transition


def find(state: str, action: str) -> Transition | None:
    for transition in TABLE.get(state, {}).values():
        if transition.action == action:
            return transition
    return None
