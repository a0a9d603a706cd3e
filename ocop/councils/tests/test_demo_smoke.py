from ocop.councils.models import CouncilEvaluation
from ocop.evaluation.models import DossierState


def test_it_loads_the_2024_district_scenario(demo):
    results = {e.dossier.product.name: e for e in CouncilEvaluation.objects.select_related("dossier__product", "certificate")}
    low, high = results["Măng rừng khô"], results["Thịt heo đen gác bếp"]
    assert (low.average_total, low.stars, low.dossier.state) == (64, 3, DossierState.RECOGNISED)
    assert low.certificate.stars == 3 and low.certificate.decision.level == "district"
    assert (high.average_total, high.dossier.state) == (72, DossierState.FORWARDED_UP)
