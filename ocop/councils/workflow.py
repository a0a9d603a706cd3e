"""The council phase of the dossier workflow as an explicit transition table.

The evaluation app owns the states up to ACCEPTED (`ocop/evaluation/workflow.py`); from
there this table applies. Both are rows of the core mechanism (`ocop.core.workflow`):
`services.moves.council_transition` moves the dossier with `transition_apply`, and each move
writes an `evaluation.DossierEvent` row, so a dossier's history stays in one place. Scoring
actions (sheets submitted, reopened, conflicts, closing) write `ScoringEvent` rows, the same
history shape, through the `council_scoring` workflow.

ACCEPTED ──open──▶ IN_EVALUATION ──close──▶ EVALUATED ──recognise──▶ RECOGNISED
                                                      ├─not_recognise─▶ NOT_RECOGNISED
                                                      └─forward──▶ FORWARDED_UP
FORWARDED_UP ──upper_recognise──▶ RECOGNISED (a lower level certifies from the upper result,
QĐ 26/2026 Điều 7.4.g, or records the ministry's 5★ decision)
FORWARDED_UP ──upper_not_recognise──▶ NOT_RECOGNISED
"""

from __future__ import annotations

from ocop.core.workflow import Transition
from ocop.evaluation.models import DossierState as S

CHAIR = "chair"  # the council's chair
OFFICE = "office"  # the office that manages the council (province; district under QĐ 148)


def _row(action, source, target, label, actors, source_article) -> Transition:
    # Read as the diagram above: from, to, the button, who makes the move, the article.
    return Transition(action, label, source, target, actors=actors, source_article=source_article)


TRANSITIONS = (
    _row("council_open", S.ACCEPTED, S.IN_EVALUATION, "Bắt đầu chấm điểm", (CHAIR, OFFICE),
         "QĐ 26/2026 Điều 7.3.d"),
    _row("council_close", S.IN_EVALUATION, S.EVALUATED, "Kết thúc chấm điểm", (CHAIR,),
         "QĐ 26/2026 Điều 3.3, 7.3.d"),
    _row("recognise", S.EVALUATED, S.RECOGNISED, "Quyết định công nhận", (OFFICE,),
         "QĐ 26/2026 Điều 7.3.đ"),
    _row("not_recognise", S.EVALUATED, S.NOT_RECOGNISED, "Không công nhận", (OFFICE,),
         "QĐ 26/2026 Điều 4.1.a"),
    _row("forward_up", S.EVALUATED, S.FORWARDED_UP, "Chuyển cấp trên đánh giá", (OFFICE,),
         "QĐ 26/2026 Điều 6.3, 7.3.e"),
    _row("upper_recognise", S.FORWARDED_UP, S.RECOGNISED, "Công nhận theo kết quả cấp trên", (OFFICE,),
         "QĐ 26/2026 Điều 7.4.g"),
    _row("upper_not_recognise", S.FORWARDED_UP, S.NOT_RECOGNISED, "Không công nhận theo kết quả cấp trên",
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


def is_allowed(user, dossier, transition: Transition) -> bool:
    """The guard of the council table: `user` chairs (CHAIR) or manages (OFFICE) a council
    that evaluates `dossier`. The services check the same rule on the council in hand first,
    with a message naming it; this guard keeps the table itself from being bypassed."""
    from ocop.councils import access
    from ocop.councils.models import CouncilEvaluation

    councils = [e.council for e in CouncilEvaluation.objects.filter(dossier=dossier).select_related("council")]
    if CHAIR in transition.actors and any(access.is_chair(user, council) for council in councils):
        return True
    return OFFICE in transition.actors and any(access.can_manage(user, council) for council in councils)
