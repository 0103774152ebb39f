"""The DTPR domain: taxonomy, sensor model, register format, rules and URLs.

Framework-free: the gateway, the registry and the signage import it, never each other.
"""

from importlib.metadata import PackageNotFoundError, version

from dtpr_core.catalogues import catalogue_entries, translate
from dtpr_core.datachain import PERSONAL_DATA_WORDS, datachain_instance, personal_data, retention, walk
from dtpr_core.errors import DtprError, InvalidAnnouncement, InvalidSensor, NotFound, Problem
from dtpr_core.locales import DEFAULT_LOCALE, LOCALE_NAMES, LOCALES, Localized, LocalText, localize, negotiate, pick
from dtpr_core.location import Location
from dtpr_core.model import (
    LEGAL_BASES,
    STATUSES,
    ContactAction,
    ElementSelection,
    Organisation,
    Register,
    Sensor,
    is_valid_sensor_id,
)
from dtpr_core.notice import CNIL, PrivacyNotice, SupervisoryAuthority, privacy_notice
from dtpr_core.plain import PlainWords, plain_words
from dtpr_core.privacy_rules import collects_personal_data
from dtpr_core.register import dump_register, parse_register, read_sensor_data, sensor_to_data
from dtpr_core.rules import check_sensor, personal_first
from dtpr_core.taxonomy import (
    CATEGORY_KEYS,
    COLOURS,
    Category,
    Element,
    Taxonomy,
    attribution,
    icon_svg,
    load_taxonomy,
)
from dtpr_core.urls import UnfitSignAddress, Urls, unfit_sign_address
from dtpr_core.yaml_source import RegisterResult, load_register_file, load_register_text

try:
    __version__ = version("dtpr-transparency")
except PackageNotFoundError:  # pragma: no cover - running from a bare checkout
    __version__ = "0.0.0"

__all__ = [
    "CNIL",
    "CATEGORY_KEYS",
    "COLOURS",
    "DEFAULT_LOCALE",
    "LEGAL_BASES",
    "LOCALES",
    "LOCALE_NAMES",
    "PERSONAL_DATA_WORDS",
    "STATUSES",
    "Category",
    "ContactAction",
    "DtprError",
    "Element",
    "ElementSelection",
    "InvalidAnnouncement",
    "InvalidSensor",
    "LocalText",
    "Localized",
    "Location",
    "NotFound",
    "Organisation",
    "PrivacyNotice",
    "PlainWords",
    "Problem",
    "Register",
    "RegisterResult",
    "Sensor",
    "SupervisoryAuthority",
    "Taxonomy",
    "UnfitSignAddress",
    "Urls",
    "unfit_sign_address",
    "__version__",
    "attribution",
    "check_sensor",
    "collects_personal_data",
    "datachain_instance",
    "dump_register",
    "icon_svg",
    "is_valid_sensor_id",
    "load_register_file",
    "load_register_text",
    "load_taxonomy",
    "negotiate",
    "parse_register",
    "personal_data",
    "personal_first",
    "pick",
    "privacy_notice",
    "read_sensor_data",
    "retention",
    "sensor_to_data",
    "walk",
    "translate",
    "plain_words",
    "localize",
    "catalogue_entries",
]
