"""Every problem code, registered in one place.

A code's documentation is its docstring (first line: what is wrong; then one
failing and one passing example). Rule sets enable codes and set their
severity and parameters; the engine applies them.
"""

from __future__ import annotations

from beiantool.checks import attachments, contact, filing, lists, network, persons, records, required, shape, unit_codes
from beiantool.checks.base import Check

REGISTRY: dict[str, Check] = {
    c.code: c
    for c in (
        shape.DUPLICATE_KEY,
        shape.UNKNOWN_KEY,
        shape.WRONG_TYPE,
        shape.NOT_IN_ENUM,
        shape.BAD_DATE,
        shape.printable_text,
        shape.no_placeholders,
        shape.number_characters,
        shape.number_spaces,
        shape.document_number_brackets,
        required.required_fields,
        required.form_fields,
        persons.id_number_valid,
        persons.id_birthplace_known,
        persons.responsible_adult,
        persons.id_region_possible,
        persons.id_shared,
        contact.mobile_valid,
        contact.landline_valid,
        contact.area_code_matches,
        contact.postcode_valid,
        contact.postcode_matches,
        contact.email_valid,
        contact.national_but_local,
        unit_codes.uscc_valid,
        unit_codes.org_code_valid,
        unit_codes.uscc_matches_unit_type,
        records.icp_number_format,
        records.icp_license_format,
        records.police_number_format,
        records.province_abbr_variant,
        records.icp_province_matches,
        network.domain_valid,
        network.homepage_valid,
        network.ip_syntax,
        network.ip_range_order,
        network.cidr_host_bits,
        network.ip_public,
        network.self_hosted_ip_in_ranges,
        network.dynamic_ip,
        filing.filing_in_time,
        filing.dates_not_after_filing,
        filing.commercial_has_license,
        filing.officer_count,
        filing.officer_certificate,
        attachments.attachment_readable,
        attachments.attachment_type,
        attachments.attachment_item_known,
        attachments.attachment_needed,
        attachments.attachment_resolution,
        attachments.attachment_pdf_usable,
        attachments.attachment_size,
        attachments.attachment_missing,
        attachments.attachment_whose,
        attachments.attachment_inside_folder,
        lists.list_cell_required,
        lists.list_domain,
        lists.list_phone,
        lists.list_id_number,
        lists.list_ip,
        lists.list_ip_in_ranges,
        lists.list_duplicate,
        lists.list_police_number,
        lists.list_printable,
    )
}
