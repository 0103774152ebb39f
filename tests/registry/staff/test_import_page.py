"""``/staff/import``: editors see the import's diff and errors and download the merged file; nothing is written."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from dtpr_core.catalogues import STAFF_DOMAIN, translate
from dtpr_core.yaml_source import load_register_text
from dtpr_import import ProblemKind, SkipReason, write_csv
from registry.staff.i18n import LANGS
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
    assert "Lignes lues\u00a0: 6. Capteurs importés\u00a0: 4, mis à jour\u00a0: 0, refusés\u00a0: 2." in html
    assert "Contact du DPO ajouté à\u00a0: avrille." in html  # row 6 gives the one the register lacked
    assert "Lignes refusées (2)" in html  # rows 7 and 8, for four problems
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


def test_each_problem_is_explained_in_french_with_its_place_and_the_technical_line(signed_in: SignedIn) -> None:
    editor = signed_in("editor")  # French, the console's default
    table = FRENCH.read_bytes().replace(b"dpo@ville-avrille.fr", b"")  # row 6: Avrillé's DPO unknown
    files = [
        ("files", ("inventaire-videoprotection.csv", table, "text/csv")),
        ("sensors_yaml", ("sensors.yaml", SHIPPED.read_bytes(), "application/yaml")),
    ]
    html = _post(editor, files, preset="fr-videoprotection").text
    place = (
        "Fichier inventaire-videoprotection.csv, feuille inventaire-videoprotection, ligne {}, colonne «\u00a0{}\u00a0»"
    )
    for row, column, explained in [
        (8, "Référence", "Une ligne plus haut dans le fichier a le même identifiant."),
        (7, "Mise en service", "Cette cellule attend une date."),
        (7, "Finalités", "Cette valeur n’est pas dans la liste prévue pour cette colonne."),
        (7, "X (Lambert 93)", "Cette cellule attend un nombre, comme 47,4712."),
        (6, "Responsable", "Ce capteur recueille des données personnelles."),
    ]:
        where = html.index(place.format(row, column))
        assert html.index(explained, where) < html.index("<code", where), (row, column)
    assert (
        '<code class="wrap" lang="en">inventaire-videoprotection.csv:inventaire-videoprotection:7:Mise en service: '
        "&#39;31/02/2024&#39;: expected a date written"
    ) in html
    assert "Laissés de côté (lignes vides)\u00a0: 1." in html
    assert "empty row(s)" not in html


def test_a_problem_of_the_whole_row_names_the_row(signed_in: SignedIn) -> None:
    editor = signed_in("editor")
    table = FRENCH.read_bytes().replace("Rue de la Mairie".encode("cp1252"), b"")  # row 6: no address, so no name
    files = [
        ("files", ("inventaire.csv", table, "text/csv")),
        ("sensors_yaml", ("sensors.yaml", SHIPPED.read_bytes(), "application/yaml")),
    ]
    html = _post(editor, files, preset="fr-videoprotection").text
    where = html.index("Fichier inventaire.csv, feuille inventaire, ligne 6 (toute la ligne)")
    assert html.index("Le capteur décrit par cette ligne ne respecte pas une règle du registre", where) < html.index(
        "inventaire.csv:inventaire:6:-: sensor is missing the required key &#39;name&#39;", where
    )


def test_the_page_in_english_explains_in_english(signed_in: SignedIn) -> None:
    editor = signed_in("editor")
    assert editor.get("/staff/import?lang=en").status_code == 200  # remembered for the post
    files = [("files", ("inventaire.csv", FRENCH.read_bytes(), "text/csv"))]
    html = _post(editor, files, preset="fr-videoprotection").text
    assert "Rows read: 6." in html
    where = html.index("File inventaire.csv, sheet inventaire, row 7, column “Mise en service”")
    assert html.index("This cell expects a date.", where) < html.index("inventaire.csv:inventaire:7:", where)
    assert "3 rows (2–3, 5), column “Responsable”" in html  # the problem found on several rows, summed up
    assert "This sensor collects personal data." in html
    assert "Left aside (empty rows): 1." in html
    assert "Fichier" not in html and "ligne" not in html


def test_sensors_already_in_the_register_are_left_aside_in_words(signed_in: SignedIn) -> None:
    editor = signed_in("editor")
    exported = io.StringIO()
    count = write_csv(load_register_text(SHIPPED.read_text(encoding="utf-8")).register, exported)
    files = [
        ("files", ("registre.csv", exported.getvalue().encode(), "text/csv")),
        ("sensors_yaml", ("sensors.yaml", SHIPPED.read_bytes(), "application/yaml")),
    ]
    html = _post(editor, files, preset="dtpr").text
    assert f"Laissés de côté (inchangés, déjà dans sensors.yaml)\u00a0: {count}." in html
    assert "already in the register" not in html


@pytest.mark.parametrize("lang", LANGS)
def test_every_kind_of_problem_and_reason_to_leave_a_row_is_said_in_each_language(lang: str) -> None:
    keys = [f"import_problem_{kind}" for kind in ProblemKind] + [f"import_skip_{reason.key}" for reason in SkipReason]
    for key in keys:
        text, written_in = translate(lang, key, domain=STAFF_DOMAIN)
        assert written_in == lang and text.strip(), key
