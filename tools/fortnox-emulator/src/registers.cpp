// Customers and articles: numbered registers with caller-chosen or next numbers, numbers of
// deleted entries kept reserved, ILIKE search and filter=active|inactive.
#include "resources.hpp"

#include <algorithm>
#include <functional>
#include <map>

namespace fortnox_emulator {
namespace {

using json = nlohmann::json;

struct Register {
    std::string kind;          // "customers": the table and the path
    std::string wrapper;       // "Customer"
    std::string list_wrapper;  // "Customers"
    std::string number_field;  // "CustomerNumber"
    std::string what;          // "kunden", for messages
    int not_found_code;
    std::set<std::string> writable;
    std::set<std::string> read_only;
    std::set<std::string> text_fields;          // values kept as strings
    std::map<std::string, std::string> search;  // query parameter → field
    std::vector<std::string> list_fields;
    // Defaults and checks for a new or changed entity; an error reply, or nullopt.
    std::function<std::optional<Reply>(const Context&, json&)> complete;
};

bool valid_number(const std::string& number) {
    return !number.empty() && number.size() <= 50 &&
           std::all_of(number.begin(), number.end(), [](char c) {
               return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '+' ||
                      c == '/' || c == '_';
           });
}

std::optional<Reply> one_of(const Context& context, const json& entity, const std::string& field,
                            const std::set<std::string>& allowed) {
    if (entity.contains(field) && !allowed.contains(text_of(entity[field])))
        return context.error(400, code::invalid_value,
                             "Ogiltigt värde för " + field + ": " + text_of(entity[field]) + ".");
    return std::nullopt;
}

std::optional<Reply> complete_customer(const Context& context, json& customer) {
    if (text_of(customer.value("Name", json())).empty())
        return context.error(400, code::required_missing, "Kunden måste ha ett namn (Name).");
    if (auto problem = one_of(context, customer, "Type", {"PRIVATE", "COMPANY"}))
        return problem;
    if (auto problem = one_of(context, customer, "VATType",
                              {"SEVAT", "SEREVERSEDVAT", "EUREVERSEDVAT", "EUVAT", "EXPORT"}))
        return problem;
    if (customer.contains("SalesAccount") && !text_of(customer["SalesAccount"]).empty()) {
        auto account = text_of(customer["SalesAccount"]);
        if (!context.store.find(context.table("accounts"), account))
            return context.error(400, code::account_not_found,
                                 "Kontot " + account + " finns inte i kontoplanen.");
    }
    if (customer.contains("TermsOfPayment") && !text_of(customer["TermsOfPayment"]).empty() &&
        !valid_terms(text_of(customer["TermsOfPayment"])))
        return context.error(400, code::invalid_value,
                             "Okända betalningsvillkor " + text_of(customer["TermsOfPayment"]) +
                                 ": ange antal dagar (0-365).");
    customer.emplace("Type", "COMPANY");
    customer.emplace("VATType", "SEVAT");
    customer.emplace("Active", true);
    customer.emplace("CountryCode", "SE");
    customer.emplace("Currency", "SEK");
    customer.emplace("TermsOfPayment", "");
    for (const char* field : {"OrganisationNumber", "Address1", "Address2", "ZipCode", "City",
                              "Email", "Phone1", "Phone2", "YourReference", "OurReference"})
        customer.emplace(field, "");
    customer["Country"] = customer["CountryCode"] == "SE" ? "Sverige" : "";
    return std::nullopt;
}

std::optional<Reply> complete_article(const Context& context, json& article) {
    if (text_of(article.value("Description", json())).empty())
        return context.error(400, code::required_missing,
                             "Artikeln måste ha en benämning (Description).");
    if (auto problem = one_of(context, article, "Type", {"STOCK", "SERVICE"}))
        return problem;
    if (auto problem = one_of(context, article, "VAT", {"25", "12", "6", "0"}))
        return problem;
    if (article.contains("SalesAccount") && !text_of(article["SalesAccount"]).empty()) {
        auto account = text_of(article["SalesAccount"]);
        if (!context.store.find(context.table("accounts"), account))
            return context.error(400, code::account_not_found,
                                 "Kontot " + account + " finns inte i kontoplanen.");
    }
    article.emplace("Type", "STOCK");
    article.emplace("Active", true);
    article.emplace("VAT", 25);
    article.emplace("SalesAccount", 3001);
    article.emplace("Unit", "");
    article.emplace("SalesPrice", 0);
    return std::nullopt;
}

const Register& customers() {
    static const Register r{
        "customers",
        "Customer",
        "Customers",
        "CustomerNumber",
        "kunden",
        code::customer_not_found,
        {"CustomerNumber",
         "Name",
         "OrganisationNumber",
         "Type",
         "VATType",
         "Address1",
         "Address2",
         "ZipCode",
         "City",
         "CountryCode",
         "Email",
         "EmailInvoice",
         "Phone1",
         "Phone2",
         "TermsOfPayment",
         "SalesAccount",
         "Active",
         "Currency",
         "YourReference",
         "OurReference",
         "Comments",
         "DeliveryAddress1",
         "DeliveryAddress2",
         "DeliveryZipCode",
         "DeliveryCity",
         "DeliveryCountryCode",
         "VATNumber",
         "WWW",
         "Fax",
         "PriceList",
         "CostCenter",
         "Project",
         "WayOfDelivery",
         "TermsOfDelivery",
         "ShowPriceVATIncluded",
         "ExternalReference",
         "GLN",
         "GLNDelivery",
         "InvoiceRemark"},
        {"@url", "Country", "DeliveryCountry"},
        {"CustomerNumber", "Name", "OrganisationNumber", "Address1", "Address2", "ZipCode", "City",
         "Email", "Phone1", "Phone2", "TermsOfPayment", "SalesAccount", "YourReference",
         "OurReference", "Comments", "VATNumber", "ExternalReference"},
        {{"customernumber", "CustomerNumber"},
         {"name", "Name"},
         {"organisationnumber", "OrganisationNumber"},
         {"email", "Email"},
         {"phone", "Phone1"},
         {"city", "City"},
         {"zipcode", "ZipCode"}},
        {"CustomerNumber", "Name", "OrganisationNumber", "Type", "Address1", "Address2", "ZipCode",
         "City", "Email", "Phone1", "Active"},
        complete_customer};
    return r;
}

const Register& articles() {
    static const Register r{
        "articles",
        "Article",
        "Articles",
        "ArticleNumber",
        "artikeln",
        code::article_not_found,
        {"ArticleNumber", "Description",
         "Type",          "SalesAccount",
         "VAT",           "Unit",
         "PurchasePrice", "Active",
         "EAN",           "Note",
         "Manufacturer",  "ManufacturerArticleNumber",
         "StockGoods",    "WebshopArticle",
         "Weight",        "Width",
         "Height",        "Depth",
         "Expired",       "Housework",
         "HouseworkType", "CostCalculationMethod"},
        {"@url", "SalesPrice", "QuantityInStock", "DisposableQuantity", "ReservedQuantity",
         "StockValue"},
        {"ArticleNumber", "Description", "Unit", "EAN", "Note", "Manufacturer"},
        {{"articlenumber", "ArticleNumber"}, {"description", "Description"}, {"ean", "EAN"}},
        {"ArticleNumber", "Description", "Type", "Unit", "VAT", "SalesPrice", "Active"},
        complete_article};
    return r;
}

// Numbers written as JSON numbers are kept as the strings Fortnox answers with.
void normalise_text_fields(const Register& r, json& entity) {
    for (const auto& field : r.text_fields)
        if (entity.contains(field) && entity[field].is_number())
            entity[field] = text_of(entity[field]);
}

std::optional<Reply> check_types(const Context& context, const json& entity) {
    for (const auto& [name, value] : entity.items())
        if (value.is_object() || value.is_array())
            return context.error(400, code::invalid_value,
                                 "Ogiltigt värde för " + name + ": förväntade ett enkelt värde.");
    return std::nullopt;
}

std::string next_number(const Context& context, const Register& r) {
    long long highest = 0;
    auto consider = [&](const std::string& number) {
        if (!number.empty() && number.size() < 18 &&
            std::all_of(number.begin(), number.end(),
                        [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }))
            highest = std::max(highest, std::stoll(number));
    };
    for (const auto& [number, entity] : context.store.table(context.table(r.kind)))
        consider(number);
    for (const auto& [number, reserved] : context.store.table(context.table(r.kind + "-reserved")))
        consider(number);
    return std::to_string(highest + 1);
}

json shown(const Context& context, const Register& r, const json& entity) {
    json out = entity;
    out["@url"] = url_of(context, r.kind + "/" + entity.at(r.number_field).get<std::string>());
    return out;
}

Reply create(Context& context, const Register& r) {
    auto parsed = entity_body(context, r.wrapper, r.writable, r.read_only);
    if (auto* problem = std::get_if<Reply>(&parsed))
        return *problem;
    json entity = std::get<emulator_kit::ParsedBody>(parsed).value[r.wrapper];
    if (auto problem = check_types(context, entity))
        return *problem;
    normalise_text_fields(r, entity);
    std::string number = text_of(entity.value(r.number_field, json()));
    if (number.empty()) {
        number = next_number(context, r);
    } else if (!valid_number(number)) {
        return context.error(
            400, code::invalid_value,
            "Ogiltigt " + r.number_field + ": tillåtna tecken är A-Z 0-9 - + / _.");
    } else if (context.store.find(context.table(r.kind), number) ||
               context.store.find(context.table(r.kind + "-reserved"), number)) {
        return context.error(400, code::number_taken,
                             r.number_field + " " + number + " används redan.");
    }
    entity[r.number_field] = number;
    if (auto problem = r.complete(context, entity))
        return *problem;
    context.store.put(context.table(r.kind), number, entity);
    return Reply::json(201, {{r.wrapper, shown(context, r, entity)}});
}

Reply update(Context& context, const Register& r, const json& existing) {
    auto parsed = entity_body(context, r.wrapper, r.writable, r.read_only);
    if (auto* problem = std::get_if<Reply>(&parsed))
        return *problem;
    json changes = std::get<emulator_kit::ParsedBody>(parsed).value[r.wrapper];
    if (auto problem = check_types(context, changes))
        return *problem;
    normalise_text_fields(r, changes);
    json entity = existing;
    std::string number = existing.at(r.number_field).get<std::string>();
    changes.erase(r.number_field);  // a number is not renamed (guess: ignored)
    for (const auto& [name, value] : changes.items())
        entity[name] = value;
    if (auto problem = r.complete(context, entity))
        return *problem;
    context.store.put(context.table(r.kind), number, entity);
    return Reply::json(200, {{r.wrapper, shown(context, r, entity)}});
}

Reply list(Context& context, const Register& r) {
    auto paging = paging_of(context);
    if (auto* problem = std::get_if<Reply>(&paging))
        return *problem;
    const std::string* filter = context.query("filter");
    if (filter && *filter != "active" && *filter != "inactive")
        return context.error(400, code::invalid_filter,
                             "Ogiltigt filter: " + *filter + " (tillåtna: active, inactive).");
    std::vector<std::string> numbers;
    for (const auto& [number, entity] : context.store.table(context.table(r.kind))) {
        bool active = entity.value("Active", true);
        if (filter && active != (*filter == "active"))
            continue;
        bool matches = true;
        for (const auto& [parameter, field] : r.search)
            if (const std::string* wanted = context.query(parameter))
                matches &= ilike(text_of(entity.value(field, json())), *wanted);
        if (matches)
            numbers.push_back(number);
    }
    std::sort(numbers.begin(), numbers.end(), natural_less);
    std::vector<json> items;
    for (const auto& number : numbers) {
        const json& entity = *context.store.find(context.table(r.kind), number);
        json item = {{"@url", url_of(context, r.kind + "/" + number)}};
        for (const auto& field : r.list_fields)
            if (entity.contains(field))
                item[field] = entity[field];
        items.push_back(std::move(item));
    }
    return list_reply(r.list_wrapper, items, std::get<Paging>(paging));
}

Reply register_routes(Context& context, const Register& r) {
    const auto& s = context.target.segments;
    const std::string& method = context.method;
    if (s.size() == 2) {
        if (method == "GET")
            return list(context, r);
        if (method == "POST")
            return create(context, r);
    } else if (s.size() == 3) {
        const json* existing = context.store.find(context.table(r.kind), s[2]);
        if (!existing)
            return context.error(404, r.not_found_code,
                                 "Kan inte hitta " + r.what + " " + s[2] + ".");
        if (method == "GET")
            return Reply::json(200, {{r.wrapper, shown(context, r, *existing)}});
        if (method == "PUT")
            return update(context, r, *existing);
        if (method == "DELETE") {
            context.store.erase(context.table(r.kind), s[2]);
            // Deleted numbers stay reserved [ERR] 2000637.
            context.store.put(context.table(r.kind + "-reserved"), s[2], true);
            return Reply{204, "", {}};
        }
    } else {
        return context.error(404, code::not_found, "Resursen finns inte: " + context.target.path);
    }
    return context.error(405, code::not_found,
                         "Metoden " + method + " stöds inte för " + context.target.path + ".");
}

}  // namespace

Reply customer_routes(Context& context) {
    return register_routes(context, customers());
}

Reply article_routes(Context& context) {
    return register_routes(context, articles());
}

std::string seed_entities(Store& store, const Tenant& tenant, const json& entry) {
    static const Settings settings;
    static const emulator_kit::Target target;
    static const std::string method = "POST";
    for (const auto* r : {&customers(), &articles()}) {
        for (const auto& seeded : entry.value(r->kind, json::array())) {
            json entity = seeded;
            normalise_text_fields(*r, entity);
            std::string number = text_of(entity.value(r->number_field, json()));
            std::string body;
            Context context{method, target, body, store, tenant, settings};
            if (number.empty())
                number = next_number(context, *r);
            entity[r->number_field] = number;
            if (auto problem = r->complete(context, entity))
                return r->kind + " " + number + ": " + problem->body;
            store.put(context.table(r->kind), number, entity);
        }
    }
    return {};
}

}  // namespace fortnox_emulator
