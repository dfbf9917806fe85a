import pytest
from django.contrib.auth import get_user_model

from omrade.cli import main
from omrade.tenancy.models import Municipality, MunicipalUnit, RoleAssignment
from omrade.tenancy.services import token_authenticate
from tests.conftest import needs_shared_data

pytestmark = pytest.mark.django_db(transaction=True)


def test_tenant_add_and_user_add_and_token(capsys):
    assert main(["tenant", "add", "--code", "1103", "--name", "Stavanger", "--country", "NO"]) == 0
    assert Municipality.objects.get(code="1103").name == "Stavanger"
    assert main(["user", "add", "kari", "--municipality", "1103", "--role", "analyst"]) == 0
    assignment = RoleAssignment.objects.get(user__username="kari")
    assert (assignment.municipality.code, assignment.role) == ("1103", "analyst")
    capsys.readouterr()
    assert main(["token", "create", "kari"]) == 0
    key = capsys.readouterr().out.strip()
    assert token_authenticate(key=key).username == "kari"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["tenant", "add", "--code", "11", "--name", "X", "--country", "NO"], "code"),
        (["user", "add", "kari", "--municipality", "0000", "--role", "viewer"], "0000"),
        (["user", "add", "kari", "--role", "viewer"], "--municipality is required"),
        (["token", "create", "nobody"], "nobody"),
    ],
)
def test_bad_input_exits_2_with_message_and_writes_nothing(capsys, argv, message):
    assert main(argv) == 2
    assert message in capsys.readouterr().err
    assert not Municipality.objects.exists()
    assert not get_user_model().objects.exists()


def test_unknown_choice_is_an_argparse_error_with_exit_2(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["user", "add", "kari", "--municipality", "3107", "--role", "emperor"])
    assert exit_info.value.code == 2
    assert "emperor" in capsys.readouterr().err


@needs_shared_data
def test_demo_loads_three_seed_tenants_and_refuses_to_load_twice(capsys):
    assert main(["demo"]) == 0
    assert sorted(Municipality.objects.values_list("code", "name", "country")) == [
        ("0219", "Bærum", "NO"),
        ("0301", "Oslo", "NO"),
        ("3107", "Fredrikstad", "NO"),
        ("4601", "Bergen", "NO"),
        ("607", "Fredericia", "DK"),
    ]
    fredrikstad = Municipality.objects.get(code="3107")
    assert MunicipalUnit.objects.filter(municipality=fredrikstad, name="NAV Fredrikstad").exists()
    output = capsys.readouterr().out
    assert "fredrikstad-manager" in output
    assert "omrade-demo" in output
    assert main(["demo"]) == 2
    assert main(["demo", "--if-empty"]) == 0
    assert main(["demo", "--reset"]) == 0
    assert Municipality.objects.count() == 5
