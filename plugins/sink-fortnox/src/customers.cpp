#include "customers.hpp"

#include <cctype>

#include "amounts.hpp"
#include "invoice_mapping.hpp"
#include "token_store.hpp"

namespace ferry::fortnox {

namespace {

std::string upper(std::string text) {
    for (char& c : text)
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return text;
}

std::string lower(std::string text) {
    for (char& c : text)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return text;
}

// The address fields Fortnox keeps for a customer; only those given.
void add_address(nlohmann::json& customer, const sdk::Party& party) {
    auto add = [&](const char* field, const std::string& value, std::size_t limit) {
        if (!value.empty())
            customer[field] = cut_utf8(value, limit);
    };
    std::string street = party.address.street;
    if (!party.address.building_number.empty())
        street += (street.empty() ? "" : " ") + party.address.building_number;
    add("Address1", street, 1024);
    add("Address2", party.address.additional_street, 1024);
    add("ZipCode", party.address.postal_zone, 10);
    add("City", party.address.city, 1024);
    if (party.address.country_code.size() == 2)
        customer["CountryCode"] = upper(party.address.country_code);
    add("Email", party.email, 1024);
    add("Phone1", party.telephone, 1024);
}

}  // namespace

// Read by Fortnox's substring search on the first six digits, which finds "556677-8899" and
// "5566778899" alike, then compared exactly.
std::vector<std::string> customers_with_number(FortnoxApi& api, const std::string& digits) {
    std::vector<std::string> numbers;
    for (int page = 1;; ++page) {
        Json answer = api.get("/customers?organisationnumber=" + digits.substr(0, 6) +
                              "&limit=500&page=" + std::to_string(page));
        Json customers = answer.value("Customers", Json::array());
        for (const Json& customer : customers)
            if (normalised_organisation_number(text_at(customer, "OrganisationNumber")) == digits)
                numbers.push_back(text_at(customer, "CustomerNumber"));
        Json meta = answer.value("MetaInformation", Json::object());
        if (page >= meta.value("@TotalPages", 1))
            break;
    }
    return numbers;
}

namespace {

sdk::Result<std::string> company_customer(Tenant& tenant, const SinkConfig& sink,
                                          const sdk::Document& document,
                                          const std::string& digits) {
    std::lock_guard lock(tenant.customers_mutex);
    if (auto known = tenant.company_customers.find(digits); known != tenant.company_customers.end())
        return known->second;
    std::vector<std::string> found = customers_with_number(tenant.api, digits);
    // Several customers with one number: the first, as a person choosing in Fortnox would.
    if (!found.empty()) {
        tenant.company_customers[digits] = found.front();
        return found.front();
    }
    const std::string dashed = dashed_organisation_number(digits);
    if (!sink.create_companies)
        return sdk::Problem{
            "fortnox.customer.company_missing",
            "document " + document.key.str() + ": Fortnox company " +
                tenant.config.organisation_number + " has no customer with organisation number " +
                dashed +
                "; create the company as a customer in Fortnox (Ferry never creates or "
                "changes company customers unless create_companies: true), then "
                "`ferry retry` the document"};
    Json customer = {
        {"Name", cut_utf8(document.customer.name.empty() ? dashed : document.customer.name, 1024)},
        {"OrganisationNumber", dashed},
        {"Type", "COMPANY"}};
    add_address(customer, document.customer);
    try {
        Json created = tenant.api.post("/customers", {{"Customer", customer}});
        std::string number = text_at(created.value("Customer", Json::object()), "CustomerNumber");
        tenant.company_customers[digits] = number;
        return number;
    } catch (const ApiFailure& failure) {
        if (failure.kind() != ApiFailure::Kind::uncertain)
            throw;
        // Made or not: the search tells.
        found = customers_with_number(tenant.api, digits);
        if (found.empty())
            throw;
        tenant.company_customers[digits] = found.front();
        return found.front();
    }
}

sdk::Result<std::string> private_customer(Tenant& tenant, const sdk::Document& document) {
    const sdk::Party& buyer = document.customer;
    if (buyer.name.empty())
        return sdk::Problem{"fortnox.customer.no_name",
                            "document " + document.key.str() +
                                ": the buyer has neither an organisation number nor a name; "
                                "correct the document at the source"};
    const std::string number = private_customer_number(buyer);
    {
        std::lock_guard lock(tenant.customers_mutex);
        if (tenant.private_customers.count(number))
            return number;
    }
    const std::string path = "/customers/" + number;
    if (!tenant.api.get_if_found(path)) {
        Json customer = {
            {"CustomerNumber", number}, {"Name", cut_utf8(buyer.name, 1024)}, {"Type", "PRIVATE"}};
        std::string personal = normalised_organisation_number(buyer.cpr);
        if (personal.size() == 10)
            customer["OrganisationNumber"] = dashed_organisation_number(personal);
        add_address(customer, buyer);
        try {
            tenant.api.post("/customers", {{"Customer", customer}});
        } catch (const ApiFailure& failure) {
            // Taken (made by another delivery at once), or made before the answer was lost.
            const bool taken =
                failure.kind() == ApiFailure::Kind::refused && failure.code() == 2000637;
            // Fortnox's words may quote the value it refused: a patient's name or address.
            if (failure.kind() == ApiFailure::Kind::refused && !taken)
                return sdk::Problem{
                    "fortnox.customer.private_refused",
                    "document " + document.key.str() +
                        ": Fortnox refused the patient's customer (HTTP " +
                        std::to_string(failure.status()) + ", code " +
                        std::to_string(failure.code()) +
                        "); check the patient's name and address at the source, then `ferry "
                        "retry` the document"};
            if (!taken && failure.kind() != ApiFailure::Kind::uncertain)
                throw;
            if (!tenant.api.get_if_found(path))
                throw;
        }
    }
    std::lock_guard lock(tenant.customers_mutex);
    tenant.private_customers.insert(number);
    return number;
}

}  // namespace

sdk::Result<std::string> buyer_organisation_number(const sdk::Document& document) {
    const sdk::Party& buyer = document.customer;
    std::string digits;
    if (!buyer.registration_number.empty() &&
        (buyer.registration_scheme.empty() || buyer.registration_scheme == "0007"))
        digits = normalised_organisation_number(buyer.registration_number);
    else if (upper(buyer.vat_number).rfind("SE", 0) == 0)
        digits = normalised_organisation_number(buyer.vat_number);
    if (digits.size() == 10)
        return digits;
    const bool business = !buyer.registration_number.empty() || !buyer.vat_number.empty() ||
                          !buyer.cvr.empty() || !buyer.ean.empty();
    if (!business)
        return std::string();
    return sdk::Problem{"fortnox.customer.no_organisation_number",
                        "document " + document.key.str() +
                            ": the buyer is a business without a Swedish organisation number "
                            "(scheme 0007) Fortnox could find it by; book it by hand and "
                            "`ferry skip` it, or correct the document at the source"};
}

std::string private_customer_number(const sdk::Party& buyer) {
    std::string personal = normalised_organisation_number(buyer.cpr);
    std::string identity =
        !personal.empty()
            ? "personal-number:" + personal
            : "name-address:" + lower(buyer.name) + "|" + lower(buyer.address.street) + "|" +
                  lower(buyer.address.building_number) + "|" + lower(buyer.address.postal_zone);
    return "P" + upper(sha256_hex(identity).substr(0, 12));
}

sdk::Result<std::string> customer_for(Tenant& tenant, const SinkConfig& sink,
                                      const sdk::Document& document) {
    auto organisation = buyer_organisation_number(document);
    if (!organisation)
        return organisation.problem();
    if (organisation.value().empty())
        return private_customer(tenant, document);
    return company_customer(tenant, sink, document, organisation.value());
}

}  // namespace ferry::fortnox
