"""``/staff/import``: editors see the import's diff and errors and download the merged file; nothing is written."""

from __future__ import annotations

from pathlib import Path

from tests.dtpr_import.conftest import AMSTERDAM, FILES, SHIPPED
from tests.registry.staff.conftest import SignedIn, csrf_of

FRENCH = FILES / "fr" / "inventaire-videoprotection.csv"


def _post(client, files: list[tuple[str, tuple[str, bytes, str]]], **fields: str):  # type: ignore[no-untyped-def]
    page = client.get("/staff/import")
    assert page.status_code == 200
    return client.post("/staff/import", data={"csrf": csrf_of(page.text), **fields}, files=files)


def test_an_editor_sees_the_diff_the_errors_and_gets_the_merged_file(signed_in: SignedIn) -> None:
    editor = signed_in("editor")
    register_before = SHIPPED.read_bytes()
    response = _post(
        editor,
        [
            ("files", ("inventaire-videoprotection.csv", FRENCH.read_bytes(), "text/csv")),
            ("sensors_yaml", ("sensors.yaml", register_before, "application/yaml")),
        ],
        preset="fr-videoprotection",
    )
    assert response.status_code == 200
    html = response.text
    assert "Lignes lues\u00a0: 6. Capteurs importés\u00a0: 3, mis à jour\u00a0: 0, refusés\u00a0: 3." in html
    assert (
        "inventaire-videoprotection.csv:inventaire-videoprotection:8:Référence: duplicate id &#39;VP-049-001&#39;"
    ) in html
    assert "+  - id: VP-049-003" in html
    assert SHIPPED.read_bytes() == register_before  # the register is never written
    download = editor.post("/staff/import/download", data={"csrf": csrf_of(html), "merged": "version: 1\n"})
    assert download.status_code == 200
    assert download.headers["content-disposition"] == 'attachment; filename="sensors.yaml"'
    assert download.text == "version: 1\n"


def test_a_folder_is_several_files_and_a_draft_is_offered(signed_in: SignedIn) -> None:
    editor = signed_in("editor")
    folder = AMSTERDAM / "bulk"
    files = [("files", (p.name, p.read_bytes(), "text/csv")) for p in sorted(folder.iterdir())]
    html = _post(editor, files, preset="amsterdam-bulk", draft="true").text
    assert "Écrits comme capteurs prévus, à compléter\u00a0: 2." in html
    assert "gemeente-amsterdam" in html


def test_a_wrong_layout_is_said_and_viewers_cannot_import(signed_in: SignedIn) -> None:
    editor = signed_in("editor")
    html = _post(editor, [("files", ("x.csv", FRENCH.read_bytes(), "text/csv"))], preset="dtpr").text
    assert "Import impossible" in html and "the header lacks column(s)" in html
    refused = _post(editor, [("files", ("x.pdf", b"%PDF", "application/pdf"))], preset="dtpr")
    assert refused.status_code == 422
    viewer = signed_in("viewer")
    assert viewer.get("/staff/import").status_code == 403


def test_posting_without_the_csrf_field_is_refused(signed_in: SignedIn, tmp_path: Path) -> None:
    editor = signed_in("editor")
    response = editor.post("/staff/import", files=[("files", ("x.csv", b"a\n1\n", "text/csv"))])
    assert response.status_code == 403


def test_a_problem_on_several_rows_is_summed_up_first(signed_in: SignedIn) -> None:
    editor = signed_in("editor")  # no register given: "Ville d'Angers" is new, without its DPO's address
    response = _post(
        editor, [("files", ("inventaire.csv", FRENCH.read_bytes(), "text/csv"))], preset="fr-videoprotection"
    )
    assert response.status_code == 200
    html = response.text
    assert "Le même problème sur plusieurs lignes\u00a0: corrigez-le une fois." in html
    assert "rows (2–3, 5): Responsable: accountable[0]: this sensor collects personal data" in html
