"""The fixed words of the privacy notice (page, sign), in the six languages.

One small table until the gettext catalogues take these strings. A missing language
falls back to English, then French (:func:`privacy_word`). French typography: write
plain spaces before ``: ; ? !``; :func:`dtpr_core.notice.french_spacing` makes
them no-break. ``{name}`` placeholders are filled by the callers.
"""

from __future__ import annotations

from dtpr_core.locales import LocalText

LEGAL_BASIS_WORDS: dict[str, LocalText] = {
    "consent": {
        "fr": "Consentement — RGPD, article 6-1-a",
        "en": "Consent — GDPR, Article 6(1)(a)",
        "es": "Consentimiento — RGPD, artículo 6.1.a",
        "pt": "Consentimento — RGPD, artigo 6.º, n.º 1, alínea a)",
        "tl": "Pahintulot — GDPR, Artikulo 6(1)(a)",
        "km": "ការយល់ព្រម — GDPR មាត្រា 6(1)(a)",
    },
    "contract": {
        "fr": "Contrat — RGPD, article 6-1-b",
        "en": "Contract — GDPR, Article 6(1)(b)",
        "es": "Contrato — RGPD, artículo 6.1.b",
        "pt": "Contrato — RGPD, artigo 6.º, n.º 1, alínea b)",
        "tl": "Kontrata — GDPR, Artikulo 6(1)(b)",
        "km": "កិច្ចសន្យា — GDPR មាត្រា 6(1)(b)",
    },
    "legal_obligation": {
        "fr": "Obligation légale — RGPD, article 6-1-c",
        "en": "Legal obligation — GDPR, Article 6(1)(c)",
        "es": "Obligación legal — RGPD, artículo 6.1.c",
        "pt": "Obrigação legal — RGPD, artigo 6.º, n.º 1, alínea c)",
        "tl": "Obligasyon ayon sa batas — GDPR, Artikulo 6(1)(c)",
        "km": "កាតព្វកិច្ចតាមច្បាប់ — GDPR មាត្រា 6(1)(c)",
    },
    "vital_interests": {
        "fr": "Sauvegarde de la vie des personnes — RGPD, article 6-1-d",
        "en": "Protecting someone's life — GDPR, Article 6(1)(d)",
        "es": "Proteger la vida de las personas — RGPD, artículo 6.1.d",
        "pt": "Proteger a vida das pessoas — RGPD, artigo 6.º, n.º 1, alínea d)",
        "tl": "Pagprotekta sa buhay ng tao — GDPR, Artikulo 6(1)(d)",
        "km": "ការការពារជីវិតមនុស្ស — GDPR មាត្រា 6(1)(d)",
    },
    "public_task": {
        "fr": "Mission d'intérêt public — RGPD, article 6-1-e",
        "en": "Public interest task — GDPR, Article 6(1)(e)",
        "es": "Misión de interés público — RGPD, artículo 6.1.e",
        "pt": "Missão de interesse público — RGPD, artigo 6.º, n.º 1, alínea e)",
        "tl": "Gawaing pampubliko — GDPR, Artikulo 6(1)(e)",
        "km": "បេសកកម្មសាធារណៈប្រយោជន៍ — GDPR មាត្រា 6(1)(e)",
    },
    "legitimate_interests": {
        "fr": "Intérêt légitime — RGPD, article 6-1-f",
        "en": "Legitimate interest — GDPR, Article 6(1)(f)",
        "es": "Interés legítimo — RGPD, artículo 6.1.f",
        "pt": "Interesse legítimo — RGPD, artigo 6.º, n.º 1, alínea f)",
        "tl": "Lehitimong interes — GDPR, Artikulo 6(1)(f)",
        "km": "ផលប្រយោជន៍ស្របច្បាប់ — GDPR មាត្រា 6(1)(f)",
    },
}

RIGHT_WORDS: dict[str, LocalText] = {
    "access": {
        "fr": "voir les données qui vous concernent",
        "en": "see the data about you",
        "es": "ver los datos sobre usted",
        "pt": "ver os dados sobre si",
        "tl": "makita ang datos tungkol sa iyo",
        "km": "មើលទិន្នន័យអំពីអ្នក",
    },
    "rectification": {
        "fr": "les faire corriger",
        "en": "have them corrected",
        "es": "hacer que se corrijan",
        "pt": "pedir que sejam corrigidos",
        "tl": "ipaayos ang mga ito",
        "km": "ស្នើឱ្យកែតម្រូវ",
    },
    "erasure": {
        "fr": "les faire effacer",
        "en": "have them erased",
        "es": "hacer que se borren",
        "pt": "pedir que sejam apagados",
        "tl": "ipabura ang mga ito",
        "km": "ស្នើឱ្យលុបចោល",
    },
    "erasure_limited": {
        "fr": "demander qu'elles soient effacées, dans les limites fixées par la loi",
        "en": "ask for them to be erased, within the limits set by law",
        "es": "pedir que se borren, dentro de los límites de la ley",
        "pt": "pedir que sejam apagados, nos limites fixados pela lei",
        "tl": "hilingin na burahin ang mga ito, ayon sa hangganang itinakda ng batas",
        "km": "ស្នើឱ្យលុបចោល ក្នុងដែនកំណត់នៃច្បាប់",
    },
    "restriction": {
        "fr": "en faire limiter l'usage",
        "en": "have their use restricted",
        "es": "limitar su uso",
        "pt": "limitar a sua utilização",
        "tl": "ipalimita ang paggamit sa mga ito",
        "km": "ស្នើឱ្យកំណត់ការប្រើប្រាស់",
    },
    "objection": {
        "fr": "vous opposer à leur usage",
        "en": "object to their use",
        "es": "oponerse a su uso",
        "pt": "opor-se à sua utilização",
        "tl": "tumutol sa paggamit sa mga ito",
        "km": "ជំទាស់នឹងការប្រើប្រាស់",
    },
    "withdraw_consent": {
        "fr": "retirer votre consentement à tout moment",
        "en": "withdraw your consent at any time",
        "es": "retirar su consentimiento en cualquier momento",
        "pt": "retirar o seu consentimento a qualquer momento",
        "tl": "bawiin ang iyong pahintulot anumang oras",
        "km": "ដកការយល់ព្រមរបស់អ្នកវិញនៅពេលណាក៏បាន",
    },
    "portability": {
        "fr": "les recevoir dans un fichier que vous pouvez réutiliser",
        "en": "receive them in a file you can reuse",
        "es": "recibirlos en un archivo que pueda reutilizar",
        "pt": "recebê-los num ficheiro que possa reutilizar",
        "tl": "matanggap ang mga ito sa file na magagamit mo muli",
        "km": "ទទួលបានជាឯកសារដែលអ្នកអាចប្រើឡើងវិញ",
    },
}

WORDS: dict[str, LocalText] = {
    "section": {
        "fr": "Vos données personnelles",
        "en": "Your personal data",
        "es": "Sus datos personales",
        "pt": "Os seus dados pessoais",
        "tl": "Ang iyong personal na datos",
        "km": "ទិន្នន័យផ្ទាល់ខ្លួនរបស់អ្នក",
    },
    "none": {
        "fr": "Aucune donnée personnelle n'est collectée ici.",
        "en": "No personal data is collected here.",
        "es": "Aquí no se recoge ningún dato personal.",
        "pt": "Aqui não são recolhidos dados pessoais.",
        "tl": "Walang personal na datos na kinokolekta dito.",
        "km": "មិនមានការប្រមូលទិន្នន័យផ្ទាល់ខ្លួននៅទីនេះទេ។",
    },
    "controller": {
        "fr": "Responsable du traitement (qui décide de l'usage des données)",
        "en": "Data controller (who decides how the data is used)",
        "es": "Responsable del tratamiento (quien decide el uso de los datos)",
        "pt": "Responsável pelo tratamento (quem decide a utilização dos dados)",
        "tl": "Tagakontrol ng datos (nagpapasya kung paano gagamitin ang datos)",
        "km": "អ្នកគ្រប់គ្រងទិន្នន័យ (អ្នកសម្រេចពីរបៀបប្រើទិន្នន័យ)",
    },
    "dpo": {
        "fr": "Délégué à la protection des données (il veille au respect de vos droits)",
        "en": "Data protection officer (who looks after your rights)",
        "es": "Delegado de protección de datos (vela por sus derechos)",
        "pt": "Encarregado da proteção de dados (zela pelos seus direitos)",
        "tl": "Opisyal sa proteksyon ng datos (nangangalaga sa iyong mga karapatan)",
        "km": "មន្ត្រីការពារទិន្នន័យ (អ្នកថែរក្សាសិទ្ធិរបស់អ្នក)",
    },
    "purposes": {"fr": "Pourquoi", "en": "Why", "es": "Para qué", "pt": "Para quê", "tl": "Bakit", "km": "ហេតុអ្វី"},
    "legal_basis": {
        "fr": "Ce qui l'autorise (base légale)",
        "en": "What allows it (legal basis)",
        "es": "Lo que lo autoriza (base jurídica)",
        "pt": "O que o autoriza (fundamento jurídico)",
        "tl": "Ang nagpapahintulot dito (legal na batayan)",
        "km": "អ្វីដែលអនុញ្ញាត (មូលដ្ឋានច្បាប់)",
    },
    "interest": {
        "fr": "Intérêt poursuivi",
        "en": "Interest pursued",
        "es": "Interés perseguido",
        "pt": "Interesse prosseguido",
        "tl": "Interes na hinahangad",
        "km": "ផលប្រយោជន៍ដែលស្វែងរក",
    },
    "recipients": {
        "fr": "Qui reçoit les données",
        "en": "Who receives the data",
        "es": "Quién recibe los datos",
        "pt": "Quem recebe os dados",
        "tl": "Sino ang tumatanggap ng datos",
        "km": "អ្នកណាទទួលទិន្នន័យ",
    },
    "retention": {
        "fr": "Combien de temps",
        "en": "How long",
        "es": "Durante cuánto tiempo",
        "pt": "Durante quanto tempo",
        "tl": "Gaano katagal",
        "km": "រយៈពេលប៉ុន្មាន",
    },
    "rights": {
        "fr": "Vos droits : vous pouvez",
        "en": "Your rights: you can",
        "es": "Sus derechos: puede",
        "pt": "Os seus direitos: pode",
        "tl": "Ang iyong mga karapatan: maaari mong",
        "km": "សិទ្ធិរបស់អ្នក៖ អ្នកអាច",
    },
    "exercise_images": {
        "fr": "Pour voir ou effacer vos images, écrivez à {contact}.",
        "en": "To see or erase your images, write to {contact}.",
        "es": "Para ver o borrar sus imágenes, escriba a {contact}.",
        "pt": "Para ver ou apagar as suas imagens, escreva para {contact}.",
        "tl": "Para makita o mabura ang iyong mga larawan, sumulat sa {contact}.",
        "km": "ដើម្បីមើល ឬលុបរូបភាពរបស់អ្នក សូមសរសេរទៅ {contact}។",
    },
    "exercise_data": {
        "fr": "Pour voir ou effacer vos données, écrivez à {contact}.",
        "en": "To see or erase your data, write to {contact}.",
        "es": "Para ver o borrar sus datos, escriba a {contact}.",
        "pt": "Para ver ou apagar os seus dados, escreva para {contact}.",
        "tl": "Para makita o mabura ang iyong datos, sumulat sa {contact}.",
        "km": "ដើម្បីមើល ឬលុបទិន្នន័យរបស់អ្នក សូមសរសេរទៅ {contact}។",
    },
    "withdraw": {
        "fr": "Pour retirer votre consentement : {how}",
        "en": "To withdraw your consent: {how}",
        "es": "Para retirar su consentimiento: {how}",
        "pt": "Para retirar o seu consentimento: {how}",
        "tl": "Para bawiin ang iyong pahintulot: {how}",
        "km": "ដើម្បីដកការយល់ព្រម៖ {how}",
    },
    "complaint": {
        "fr": "Si la réponse ne vous satisfait pas, vous pouvez vous plaindre à l'autorité de protection des données, {name} ({full_name}) : {url}",
        "en": "If the answer does not satisfy you, you can complain to the data protection authority, {name} ({full_name}): {url}",
        "es": "Si la respuesta no le satisface, puede reclamar ante la autoridad de protección de datos, {name} ({full_name}): {url}",
        "pt": "Se a resposta não o satisfizer, pode apresentar queixa à autoridade de proteção de dados, {name} ({full_name}): {url}",
        "tl": "Kung hindi ka nasiyahan sa sagot, maaari kang magreklamo sa {name} ({full_name}): {url}",
        "km": "បើអ្នកមិនពេញចិត្តនឹងចម្លើយ អ្នកអាចប្ដឹងទៅ {name} ({full_name})៖ {url}",
    },
    "transfers": {
        "fr": "Les données sont aussi gardées hors de l'Union européenne.",
        "en": "The data is also kept outside the European Union.",
        "es": "Los datos también se guardan fuera de la Unión Europea.",
        "pt": "Os dados também são guardados fora da União Europeia.",
        "tl": "Itinatago rin ang datos sa labas ng European Union.",
        "km": "ទិន្នន័យក៏ត្រូវបានរក្សាទុកនៅក្រៅសហភាពអឺរ៉ុបផងដែរ។",
    },
    "automated": {
        "fr": "Un logiciel analyse les données automatiquement.",
        "en": "Software analyses the data automatically.",
        "es": "Un programa analiza los datos automáticamente.",
        "pt": "Um programa analisa os dados automaticamente.",
        "tl": "Awtomatikong sinusuri ng software ang datos.",
        "km": "កម្មវិធីវិភាគទិន្នន័យដោយស្វ័យប្រវត្តិ។",
    },
    "authorisation": {
        "fr": "Autorisation du préfet (vidéoprotection) : {reference}",
        "en": "Prefect's authorisation (video protection): {reference}",
        "es": "Autorización del prefecto (videoprotección): {reference}",
        "pt": "Autorização do prefeito (videoproteção): {reference}",
        "tl": "Pahintulot ng prefect (video protection): {reference}",
        "km": "ការអនុញ្ញាតរបស់អភិបាលខេត្ត (ការការពារដោយវីដេអូ)៖ {reference}",
    },
    "sign_rights_images": {
        "fr": "Pour voir, corriger ou effacer vos images, écrivez à {contact}.",
        "en": "To see, correct or erase your images, write to {contact}.",
        "es": "Para ver, corregir o borrar sus imágenes, escriba a {contact}.",
        "pt": "Para ver, corrigir ou apagar as suas imagens, escreva para {contact}.",
        "tl": "Para makita, maitama o mabura ang iyong mga larawan, sumulat sa {contact}.",
        "km": "ដើម្បីមើល កែ ឬលុបរូបភាពរបស់អ្នក សូមសរសេរទៅ {contact}។",
    },
    "sign_rights_data": {
        "fr": "Pour voir, corriger ou effacer vos données, écrivez à {contact}.",
        "en": "To see, correct or erase your data, write to {contact}.",
        "es": "Para ver, corregir o borrar sus datos, escriba a {contact}.",
        "pt": "Para ver, corrigir ou apagar os seus dados, escreva para {contact}.",
        "tl": "Para makita, maitama o mabura ang iyong datos, sumulat sa {contact}.",
        "km": "ដើម្បីមើល កែ ឬលុបទិន្នន័យរបស់អ្នក សូមសរសេរទៅ {contact}។",
    },
    "sign_complaint": {
        "fr": "Réclamation : {name}, {url}.",
        "en": "Complaints: {name}, {url}.",
        "es": "Reclamaciones: {name}, {url}.",
        "pt": "Queixas: {name}, {url}.",
        "tl": "Reklamo: {name}, {url}.",
        "km": "បណ្ដឹង៖ {name}, {url}។",
    },
    "sign_controller": {
        "fr": "Responsable du traitement : {name}.",
        "en": "Data controller: {name}.",
        "es": "Responsable del tratamiento: {name}.",
        "pt": "Responsável pelo tratamento: {name}.",
        "tl": "Tagakontrol ng datos: {name}.",
        "km": "អ្នកគ្រប់គ្រងទិន្នន័យ៖ {name}។",
    },
    "sign_authorisation": {
        "fr": "Vidéoprotection autorisée : {reference}.",
        "en": "Video protection authorised: {reference}.",
        "es": "Videoprotección autorizada: {reference}.",
        "pt": "Videoproteção autorizada: {reference}.",
        "tl": "Pinahintulutang video protection: {reference}.",
        "km": "ការការពារដោយវីដេអូមានការអនុញ្ញាត៖ {reference}។",
    },
}


def privacy_word(key: str, locale: str) -> str:
    """The word *key* in *locale*; English, then French, when that language lacks it."""
    texts = WORDS.get(key) or RIGHT_WORDS.get(key) or LEGAL_BASIS_WORDS[key]
    return texts.get(locale) or texts.get("en") or texts["fr"]
