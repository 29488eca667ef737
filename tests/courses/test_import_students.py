"""``manage.py import_students``: class lists as Excel and other tools save them."""

import csv

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from tests.factories import make_user

pytestmark = pytest.mark.django_db
User = get_user_model()

CLASS_LIST = [
    ("a.abilkasymova", "Әбілқасымова Айгүл Серікқызы", "aigul@university.kz"),
    ("n.aliyev", "Әлиев Нұрлан Болатұлы", ""),
    ("i.ivanova", "Иванова Ирина Сергеевна", "ivanova@university.kz"),
]


def write_csv(path, rows, *, delimiter=",", encoding="utf-8", header=True):
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle, delimiter=delimiter)
        if header:
            writer.writerow(["username", "full name", "email"])
        writer.writerows(rows)
    return path


def run_import(path, *args):
    call_command("import_students", str(path), *args)


@pytest.mark.parametrize(
    ("delimiter", "encoding", "header"),
    [(",", "utf-8", True), (";", "utf-8-sig", True), (";", "utf-8-sig", False), (",", "utf-8-sig", False)],
    ids=["comma-utf8", "excel-kk-semicolon-bom", "semicolon-bom-no-header", "comma-bom-no-header"],
)
def test_a_class_list_creates_students_with_names_intact(tmp_path, delimiter, encoding, header):
    run_import(write_csv(tmp_path / "class.csv", CLASS_LIST, delimiter=delimiter, encoding=encoding, header=header))
    students = {user.username: user for user in User.objects.all()}
    assert set(students) == {username for username, _, _ in CLASS_LIST}
    assert students["a.abilkasymova"].full_name == "Әбілқасымова Айгүл Серікқызы"
    assert students["a.abilkasymova"].email == "aigul@university.kz"
    assert all(not user.is_staff for user in students.values())


def test_new_passwords_go_to_the_credentials_file_and_work(tmp_path, client):
    credentials = tmp_path / "passwords.csv"
    run_import(write_csv(tmp_path / "class.csv", CLASS_LIST), "--credentials", str(credentials))
    raw = credentials.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "Excel needs the BOM to show Kazakh names"
    rows = list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))
    assert [row["username"] for row in rows] == [username for username, _, _ in CLASS_LIST]
    first = rows[0]
    assert first["full name"] == "Әбілқасымова Айгүл Серікқызы"
    response = client.post("/accounts/login/", {"username": first["username"], "password": first["password"]})
    assert response.status_code == 302


def test_bad_rows_are_reported_by_line_and_nothing_is_imported(tmp_path):
    rows = [
        CLASS_LIST[0],
        ("bad user!", "Бір Екі", ""),
        ("n.aliyev", "", "not-an-email"),
        CLASS_LIST[0],
        ("only-two-columns-is-fine", "Екі Баған"),
        ("too", "many", "columns", "here"),
    ]
    path = write_csv(tmp_path / "class.csv", rows)
    with pytest.raises(CommandError) as error:
        run_import(path)
    message = str(error.value)
    assert "nothing was imported" in message
    assert "line 3" in message  # bad user! (line 1 is the header)
    assert "line 4" in message  # empty name and bad email
    assert "line 5" in message and "line 2" in message  # duplicate of line 2
    assert "line 7" in message  # four columns
    assert "line 6" not in message
    assert not User.objects.exists()


def test_a_file_that_is_not_utf8_gets_a_clear_message(tmp_path):
    path = tmp_path / "class.csv"
    path.write_bytes("i.ivanova;Иванова Ирина;\n".encode("cp1251"))
    with pytest.raises(CommandError, match="UTF-8"):
        run_import(path)
    assert not User.objects.exists()


def test_an_empty_file_is_an_error(tmp_path):
    path = tmp_path / "class.csv"
    path.write_bytes(b"\xef\xbb\xbfusername;full name;email\r\n\r\n")
    with pytest.raises(CommandError, match="no students"):
        run_import(path)


def test_a_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        run_import(tmp_path / "missing.csv")


def test_importing_again_updates_names_and_keeps_passwords(tmp_path):
    existing = make_user("student", username="n.aliyev", full_name="Aliyev N.")
    password_hash = existing.password
    run_import(write_csv(tmp_path / "class.csv", CLASS_LIST))
    existing.refresh_from_db()
    assert existing.full_name == "Әлиев Нұрлан Болатұлы"
    assert existing.password == password_hash
    assert User.objects.count() == 3


def test_a_teacher_account_in_the_list_is_a_conflict_not_a_demotion(tmp_path):
    teacher = make_user("teacher", username="i.ivanova")
    with pytest.raises(CommandError, match="staff account"):
        run_import(write_csv(tmp_path / "class.csv", CLASS_LIST))
    teacher.refresh_from_db()
    assert teacher.is_staff
    assert User.objects.count() == 1


def test_dry_run_checks_and_writes_nothing(tmp_path, capsys):
    run_import(write_csv(tmp_path / "class.csv", CLASS_LIST), "--dry-run")
    assert "3 students" in capsys.readouterr().out
    assert not User.objects.exists()


def test_excel_non_breaking_spaces_and_crlf_are_cleaned(tmp_path):
    path = tmp_path / "class.csv"
    path.write_bytes("\ufeffusername;full name;email\r\nn.aliyev;Әлиев\xa0Нұрлан ;\r\n".encode())
    run_import(path)
    assert User.objects.get().full_name == "Әлиев Нұрлан"


def test_an_email_too_long_for_the_column_is_a_row_error(tmp_path):
    long_email = "a" * 64 + "@" + ".".join(["b" * 60] * 4) + ".kz"
    with pytest.raises(CommandError, match="line 2"):
        run_import(write_csv(tmp_path / "class.csv", [("x.one", "Бір Студент", long_email)]))
    assert not User.objects.exists()
