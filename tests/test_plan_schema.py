"""The JSON Schema of the plan output in the docs is generated from the output models,
and the seed's output validates against it (jsonschema, an independent validator)."""

import json
from pathlib import Path

import jsonschema
import pytest

from duskfall import planning, reports
from duskfall.reports.schema import PlanOut

SCHEMA_PATH = Path(__file__).resolve().parents[1] / "docs" / "plan.schema.json"


def generated() -> str:
    return json.dumps(PlanOut.model_json_schema(), indent=2) + "\n"


def test_docs_schema_is_generated_from_the_models(request):
    if request.config.getoption("--update-golden"):
        SCHEMA_PATH.write_text(generated())
    assert SCHEMA_PATH.read_text() == generated(), "regenerate with pytest --update-golden"


@pytest.mark.parametrize("light", ["lowsun", "sunlit", "-0.2..1.3", "EV6..EV9", "1..3lux", "civil"])
def test_outputs_validate(light):
    """Every band, a camera looking along the run: in the civil band the performer is in
    the Earth's shadow, a lighting of its own."""
    data = planning.SEED_SCENARIO.model_dump()
    data["light"] = light
    data["camera"] = {"heading_deg": 85.0}
    plan = planning.make_plan(planning.make_scenario(data))
    output = json.loads(json.dumps(reports.plan_to_dict(plan)))
    jsonschema.validate(output, json.loads(SCHEMA_PATH.read_text()))
