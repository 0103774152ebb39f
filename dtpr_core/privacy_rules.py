"""The GDPR rules on a sensor that collects personal data (what its sign and page must say).

:func:`check_privacy` is run by :func:`dtpr_core.rules.check_sensor`; paths are relative
to the sensor, messages say how to fix the register.
"""

from __future__ import annotations

import dataclasses

from dtpr_core.errors import Problem
from dtpr_core.kept import keeps_personal_data
from dtpr_core.model import Organisation, Sensor
from dtpr_core.taxonomy import Taxonomy

SECURITY_PURPOSES = frozenset({"safety_security", "enforcement"})
"""Purposes that make a camera filming the public road "vidéoprotection" in France."""
ANONYMITY_CLAIMS = frozenset({"de_identified", "k_anonymity", "differential_privacy"})
"""Process elements that tell people nothing identifying is kept."""


def personal_technologies(sensor: Sensor, taxonomy: Taxonomy) -> list[str]:
    """The sensor's identifiable or de-identified technologies, by id."""
    ids = {s.element_id for s in sensor.elements("tech")}
    return sorted(i for i in ids if i in taxonomy.elements and taxonomy.elements[i].collects_personal_data)


def collects_personal_data(sensor: Sensor, taxonomy: Taxonomy) -> bool:
    """An identifiable or de-identified technology, or the ``personal`` data element."""
    return bool(personal_technologies(sensor, taxonomy)) or "personal" in {
        s.element_id for s in sensor.elements("data")
    }


def dpo_organisation(sensor: Sensor) -> Organisation | None:
    """The first accountable organisation that declares a ``data_protection`` contact."""
    return next((org for org in sensor.accountable if org.data_protection), None)


def check_privacy(sensor: Sensor, taxonomy: Taxonomy, *, strict: bool = True) -> list[Problem]:
    """The GDPR problems of *sensor*. Not *strict* (a sensor already stored), the missing DPO,
    retention and basis texts are warnings: its page still shows, saying less, and the next
    write of it is refused until they are given. A missing legal basis stays an error."""
    problems: list[Problem] = []
    _check_data_elements(sensor, taxonomy, problems)
    if collects_personal_data(sensor, taxonomy):
        _check_required(sensor, taxonomy, problems)
        _check_video_protection(sensor, taxonomy, problems)
        _check_anonymity_claims(sensor, problems)
        _check_own_access(sensor, problems)
    _check_basis_fields(sensor, problems)
    if strict:
        return problems
    return [_lenient(problem) for problem in problems]


def _lenient(problem: Problem) -> Problem:
    if problem.is_error and "legal_basis (consent," not in problem.message:
        return dataclasses.replace(problem, severity="warning")
    return problem


def _check_required(sensor: Sensor, taxonomy: Taxonomy, problems: list[Problem]) -> None:
    what = ", ".join(personal_technologies(sensor, taxonomy)) or "personal data"
    if sensor.legal_basis is None:
        problems.append(
            Problem(
                "error",
                f"this sensor collects personal data ({what}): give its GDPR legal_basis "
                "(consent, contract, legal_obligation, vital_interests, public_task or legitimate_interests)",
                (),
            )
        )
    if sensor.accountable and dpo_organisation(sensor) is None:
        key = sensor.accountable[0].key
        problems.append(
            Problem(
                "error",
                f"this sensor collects personal data ({what}): people need the data-protection officer's "
                f"contact; add data_protection: {{email: dpo@…, postal: …}} to organisation '{key}'",
                ("accountable", 0),
                rule="dpo_contact",
            )
        )
    if not sensor.elements("retention"):
        problems.append(
            Problem(
                "error",
                f"this sensor collects personal data ({what}): say how long it is kept, e.g. "
                "retention: [{element: data_retained, variables: {duration: {fr: 15 jours, en: 15 days}}}]",
                ("datachain",),
            )
        )


def _check_basis_fields(sensor: Sensor, problems: list[Problem]) -> None:
    basis = sensor.legal_basis
    if basis == "legitimate_interests" and not sensor.legitimate_interest:
        problems.append(
            Problem(
                "error",
                "legal_basis legitimate_interests: state the interest pursued, e.g. "
                "legitimate_interest: {fr: Protéger le bâtiment contre les intrusions, en: …}",
                ("legal_basis",),
            )
        )
    if basis == "consent" and not sensor.consent_withdrawal:
        problems.append(
            Problem(
                "error",
                "legal_basis consent: say how people withdraw their consent, e.g. "
                "consent_withdrawal: {fr: Désactivez le service dans l'application, en: …}",
                ("legal_basis",),
            )
        )
    for key, needs in (("legitimate_interest", "legitimate_interests"), ("consent_withdrawal", "consent")):
        if getattr(sensor, key) and basis != needs:
            problems.append(Problem("warning", f"{key} is only shown with legal_basis {needs}", (key,)))


def _check_video_protection(sensor: Sensor, taxonomy: Taxonomy, problems: list[Problem]) -> None:
    cameras = [
        i
        for i in personal_technologies(sensor, taxonomy)
        if "video" in i and taxonomy.elements[i].identifiability == "identifiable"
    ]
    security = SECURITY_PURPOSES & {s.element_id for s in sensor.elements("purpose")}
    _check_video_protection_retention(sensor, problems)
    if cameras and security and not sensor.video_protection_authorisation:
        problems.append(
            Problem(
                "warning",
                f"{cameras[0]} with purpose {sorted(security)[0]} in public space is 'vidéoprotection' in France: "
                "it needs the prefect's authorisation (Code de la sécurité intérieure, art. L251-1 and following); "
                'give its reference as video_protection_authorisation: "Arrêté préfectoral n° …"',
                ("datachain", "purpose"),
            )
        )


VIDEO_PROTECTION_MAX_HOURS = 31 * 24
"""Code de la sécurité intérieure, art. L. 252-5: video-protection images are kept one month at most."""


def _check_video_protection_retention(sensor: Sensor, problems: list[Problem]) -> None:
    under_csi = sensor.video_protection_authorisation or {"csi_l251_2", "csi_l252_1"} & set(sensor.legal_grounds)
    images = [item for item in sensor.kept if item.data == "images"]
    if under_csi and images and images[0].hours > VIDEO_PROTECTION_MAX_HOURS:
        problems.append(
            Problem(
                "warning",
                f"video-protection images are kept one month at most (Code de la sécurité intérieure, art. L252-5): "
                f"kept.images is {images[0].as_text()}; write at most 30 days (or 1 month)",
                ("kept", "images"),
            )
        )


def _check_anonymity_claims(sensor: Sensor, problems: list[Problem]) -> None:
    """Pseudonymised is not anonymous (GDPR recital 26): no such claim beside a kept identifier."""
    kept = keeps_personal_data(sensor.kept)
    if not kept:
        return
    claims = sorted(ANONYMITY_CLAIMS & {s.element_id for s in sensor.elements("process")})
    texts = [*sensor.description.values(), *sensor.purpose.values()]
    words = [word for word in ("anonym",) if any(word in text.lower() for text in texts)]
    if claims or words:
        said = ", ".join([*claims, *(f"'{word}…' in its texts" for word in words)])
        problems.append(
            Problem(
                "warning",
                f"this sensor claims its data is de-identified or anonymous ({said}) but keeps "
                f"{kept[0].data} for {kept[0].as_text()}: hashed or coded identifiers are pseudonymised, still "
                "personal data; say so ('remplacé par un code, effacé après …') and drop the claim",
                ("datachain", "process") if claims else ("description",),
            )
        )


def _check_own_access(sensor: Sensor, problems: list[Problem]) -> None:
    if "not_available_to_me" in {s.element_id for s in sensor.elements("access")}:
        problems.append(
            Problem(
                "warning",
                "not_available_to_me on a sensor that collects personal data: people still have the right to "
                "see their own data (GDPR art. 15); the page says how, but list the access elements that apply",
                ("datachain", "access"),
            )
        )


def _check_data_elements(sensor: Sensor, taxonomy: Taxonomy, problems: list[Problem]) -> None:
    ids = set(sensor.element_ids())
    personal_tech = personal_technologies(sensor, taxonomy)
    identifiable = [i for i in personal_tech if taxonomy.elements[i].identifiability == "identifiable"]
    if identifiable and "personal" not in ids:
        problems.append(
            Problem(
                "warning",
                f"{', '.join(identifiable)} is identifiable but datachain.data does not list 'personal'",
                ("datachain",),
            )
        )
    if "personal" in ids and not personal_tech:
        problems.append(
            Problem(
                "warning",
                "datachain.data lists 'personal' but no technology is identifiable or de-identified",
                ("datachain",),
            )
        )
