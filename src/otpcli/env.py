"""Every environment variable the tool reads, in one place."""

VERIFIK_TOKEN = "VERIFIK_TOKEN"
TRUST_TOKEN = "TRUST_TOKEN"
PROFILE = "OTPCLI_PROFILE"
CONFIG_DIR = "OTPCLI_CONFIG_DIR"
DATA_DIR = "OTPCLI_DATA_DIR"
KEYRING_TIMEOUT = "OTPCLI_KEYRING_TIMEOUT"
NO_COLOR = "NO_COLOR"
LANGUAGE = "OTPCLI_LANG"  # then LC_ALL, LC_MESSAGES, LANG, then the profile's (see i18n)

# Environment overrides of profile keys (flag > environment > profile > default).
KEY_VARIABLES = {
    "verifik_url": "OTPCLI_VERIFIK_URL",
    "trust_url": "OTPCLI_TRUST_URL",
    "atenea_url": "OTPCLI_ATENEA_URL",
    "project": "OTPCLI_PROJECT",
    "project_flow": "OTPCLI_PROJECT_FLOW",
    "country_code": "OTPCLI_COUNTRY_CODE",
    "gateway": "OTPCLI_GATEWAY",
    "credential_store": "OTPCLI_CREDENTIAL_STORE",
    "allow_insecure_http": "OTPCLI_ALLOW_INSECURE_HTTP",
}
# Profile keys with no override above: `language` yields to OTPCLI_LANG and the locale
# variables in an order of their own (i18n.choose), and --json (`config list`) must not
# change with the language, so it is not overridden here.
PROFILE_ONLY_KEYS = ("language",)
TOKEN_VARIABLES = {"verifik": VERIFIK_TOKEN, "trust": TRUST_TOKEN}
