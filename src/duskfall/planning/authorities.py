"""The national aviation authority of a site, found offline from its time zone.

The IANA time zone database's ``zone.tab`` gives the country (ISO 3166 code) of every
zone; :data:`AUTHORITIES` names the civil aviation authority of the countries where
high-altitude and night parachute operations are most often planned. Elsewhere the
answer is "the national aviation authority", never a guess.
"""

from __future__ import annotations

import zoneinfo
from functools import cache
from importlib import resources
from pathlib import Path

AUTHORITIES: dict[str, str] = {
    "AE": "the General Civil Aviation Authority (GCAA)",
    "AR": "the Administración Nacional de Aviación Civil (ANAC)",
    "AT": "Austro Control",
    "AU": "the Civil Aviation Safety Authority (CASA)",
    "BE": "the Belgian Civil Aviation Authority (BCAA)",
    "BR": "the Agência Nacional de Aviação Civil (ANAC)",
    "CA": "Transport Canada",
    "CH": "the Federal Office of Civil Aviation (FOCA)",
    "CL": "the Dirección General de Aeronáutica Civil (DGAC)",
    "CN": "the Civil Aviation Administration of China (CAAC)",
    "CZ": "the Civil Aviation Authority of the Czech Republic",
    "DE": "the Luftfahrt-Bundesamt (LBA)",
    "DK": "the Danish Civil Aviation and Railway Authority",
    "EG": "the Egyptian Civil Aviation Authority (ECAA)",
    "ES": "the Agencia Estatal de Seguridad Aérea (AESA)",
    "FI": "Traficom",
    "FR": "the Direction générale de l'Aviation civile (DGAC)",
    "GB": "the Civil Aviation Authority (CAA)",
    "GR": "the Hellenic Civil Aviation Authority (HCAA)",
    "IE": "the Irish Aviation Authority (IAA)",
    "IL": "the Civil Aviation Authority of Israel (CAAI)",
    "IN": "the Directorate General of Civil Aviation (DGCA)",
    "IT": "the Ente Nazionale per l'Aviazione Civile (ENAC)",
    "JO": "the Civil Aviation Regulatory Commission (CARC)",
    "JP": "the Japan Civil Aviation Bureau (JCAB)",
    "KE": "the Kenya Civil Aviation Authority (KCAA)",
    "KR": "the Ministry of Land, Infrastructure and Transport (Office of Civil Aviation)",
    "MA": "the Direction de l'Aviation Civile (DAC)",
    "MX": "the Agencia Federal de Aviación Civil (AFAC)",
    "NL": "the Human Environment and Transport Inspectorate (ILT)",
    "NO": "the Civil Aviation Authority of Norway (Luftfartstilsynet)",
    "NZ": "the Civil Aviation Authority of New Zealand (CAA)",
    "OM": "the Civil Aviation Authority of Oman (CAA)",
    "PL": "the Civil Aviation Authority of Poland (ULC)",
    "PT": "the Autoridade Nacional da Aviação Civil (ANAC)",
    "QA": "the Qatar Civil Aviation Authority (QCAA)",
    "RU": "the Federal Air Transport Agency (Rosaviatsia)",
    "SA": "the General Authority of Civil Aviation (GACA)",
    "SE": "the Swedish Transport Agency (Transportstyrelsen)",
    "SG": "the Civil Aviation Authority of Singapore (CAAS)",
    "TH": "the Civil Aviation Authority of Thailand (CAAT)",
    "TR": "the Directorate General of Civil Aviation (SHGM)",
    "US": "the Federal Aviation Administration (FAA)",
    "ZA": "the South African Civil Aviation Authority (SACAA)",
}
"""Civil aviation authorities by ISO 3166-1 alpha-2 country code (each authority's own
name, as it publishes it)."""

UNKNOWN = "the national aviation authority"


def _zone_tab_text() -> str | None:
    for folder in zoneinfo.TZPATH:
        path = Path(folder) / "zone.tab"
        if path.is_file():
            return path.read_text(encoding="utf-8")
    try:  # the tzdata package (Windows, or where the system has no database)
        return resources.files("tzdata").joinpath("zoneinfo", "zone.tab").read_text("utf-8")
    except (ModuleNotFoundError, FileNotFoundError, OSError):
        return None


@cache
def _zone_countries() -> dict[str, str]:
    text = _zone_tab_text() or ""
    table = {}
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) >= 3:
            table[fields[2]] = fields[0]
    return table


def country_of_zone(zone: str | None) -> str | None:
    """ISO 3166 country code of an IANA time zone (``Asia/Dubai`` -> ``AE``), or None for
    zones of no country (``Etc/GMT-4`` at sea) or without a time zone database."""
    if not zone:
        return None
    return _zone_countries().get(zone)


def aviation_authority(zone: str | None) -> str:
    """The civil aviation authority of the country of ``zone``, or "the national aviation
    authority" where the country or its authority is not known.

    Examples
    --------
    >>> aviation_authority("Asia/Dubai")
    'the General Civil Aviation Authority (GCAA)'
    >>> aviation_authority("Etc/GMT-4")
    'the national aviation authority'
    """
    return AUTHORITIES.get(country_of_zone(zone) or "", UNKNOWN)
