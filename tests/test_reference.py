"""docs/authoring.md and its pose pictures are generated from the models: the committed copy must match."""

from pathlib import Path

import pytest

from handouts.authoring.reference import authoring_markdown, models_under, pose_svgs
from handouts.content.models import Exercise, HandoutClass, ProjectConfig
from handouts.content.models.pose import Equipment, Joint

DOCS = Path(__file__).resolve().parent.parent / "docs"
REGENERATE = "regenerate it with `python -m handouts.authoring.reference`"


def test_committed_reference_matches_the_models():
    assert (DOCS / "authoring.md").read_text(encoding="utf-8") == authoring_markdown(), REGENERATE


@pytest.mark.parametrize("name", sorted(pose_svgs()))
def test_committed_pose_pictures_match_their_pose_data(name):
    assert (DOCS / "pose" / name).read_text(encoding="utf-8") == pose_svgs()[name], REGENERATE


def test_reference_lists_every_field_of_every_model():
    text = authoring_markdown()
    for top in (ProjectConfig, Exercise, HandoutClass):
        for model in models_under(top):
            assert f"### {model.__name__}\n" in text
            for name, info in model.model_fields.items():
                assert f"| `{info.alias or name}` |" in text, f"{model.__name__}.{name}"


def test_pose_format_names_every_point_and_equipment_kind():
    pose = authoring_markdown().split("## Pose format", 1)[1]
    for point in Joint.__args__:
        assert f"`{point}`" in pose
    for kind in Equipment.model_fields["kind"].annotation.__args__:
        assert f"- `{kind}`:" in pose
