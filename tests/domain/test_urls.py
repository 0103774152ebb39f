import pytest

from dtpr_core import Urls


def test_url_shapes_are_frozen():
    """Printed signs live for years: these exact shapes must never change."""
    urls = Urls("https://capteurs.angers.fr/")
    assert urls.sensor_page("ANG-AQ-0001") == "https://capteurs.angers.fr/s/ANG-AQ-0001"
    assert urls.sensor_page("ANG-AQ-0001", lang="en") == "https://capteurs.angers.fr/s/ANG-AQ-0001?lang=en"
    assert urls.sensor_json("ANG-AQ-0001") == "https://capteurs.angers.fr/s/ANG-AQ-0001.json"
    assert urls.datachain_json("X1") == "https://capteurs.angers.fr/s/X1/datachain.json"
    assert urls.sign("X1", "pdf") == "https://capteurs.angers.fr/signs/X1.pdf"
    assert urls.short_sensor_url("ANG-AQ-0001") == "capteurs.angers.fr/s/ANG-AQ-0001"
    assert urls.icon("air_quality.svg") == "https://capteurs.angers.fr/dtpr-icons/air_quality.svg"


@pytest.mark.parametrize("bad", ["../x", "a/b", "", "-x", "x" * 65, "é"])
def test_invalid_ids_never_become_urls(bad):
    with pytest.raises(ValueError):
        Urls("https://x.fr").sensor_page(bad)


@pytest.mark.parametrize("bad", ["ftp://x", "x.fr", "https://x.fr/?q=1", "javascript:alert(1)"])
def test_base_url_must_be_an_origin(bad):
    with pytest.raises(ValueError):
        Urls(bad)
