// Reference data every emulated agreement starts with: what a fresh Danish e-conomic agreement
// (and the demo agreement) offers, plus the numbers Ferry's defaults name (group 100, "Standard").
#include "accounting_years.hpp"
#include "ledger.hpp"
#include "state.hpp"

namespace economic_emulator {
namespace {

using json = nlohmann::json;

// VAT rate (percent) per vat zone; stored hidden ("__" fields never leave the emulator).
json vat_rates(int domestic) {
    return {{"1", domestic}, {"2", 0}, {"3", 0}, {"4", 0}};
}

}  // namespace

void seed_reference_data(Agreement& agreement) {
    auto& currencies = agreement.collection("currencies");
    // __exchangeRate: price of 100 units in DKK, the agreement's base currency.
    for (const auto& [code, iso, name, rate] :
         std::initializer_list<std::tuple<const char*, const char*, const char*, double>>{
             {"DKK", "208", "Danske kroner", 100.0},
             {"EUR", "978", "Euro", 746.0},
             {"USD", "840", "US dollar", 690.0},
             {"SEK", "752", "Svenske kroner", 64.0},
             {"NOK", "578", "Norske kroner", 63.0},
             {"GBP", "826", "Britiske pund", 870.0}})
        currencies.put(
            {{"code", code}, {"isoNumber", iso}, {"name", name}, {"__exchangeRate", rate}});

    auto& zones = agreement.collection("vat-zones");
    zones.put({{"vatZoneNumber", 1},
               {"name", "Domestic"},
               {"enabledForCustomer", true},
               {"enabledForSupplier", true}});
    zones.put({{"vatZoneNumber", 2},
               {"name", "EU"},
               {"enabledForCustomer", true},
               {"enabledForSupplier", true}});
    zones.put({{"vatZoneNumber", 3},
               {"name", "Abroad"},
               {"enabledForCustomer", true},
               {"enabledForSupplier", true}});
    zones.put({{"vatZoneNumber", 4},
               {"name", "Domestic exempt VAT"},
               {"enabledForCustomer", true},
               {"enabledForSupplier", false}});

    auto& terms = agreement.collection("payment-terms");
    auto term = [&](int number, const char* name, int days, const char* type) {
        terms.put({{"paymentTermsNumber", number},
                   {"name", name},
                   {"daysOfCredit", days},
                   {"paymentTermsType", type},
                   {"description", name}});
    };
    term(1, "Netto 8 dage", 8, "net");
    term(2, "Netto 14 dage", 14, "net");
    term(3, "Løbende måned + 30 dage", 30, "invoiceMonth");
    term(4, "Kontant", 0, "paidInCash");
    term(5, "Forfaldsdato", 0, "dueDate");
    term(6, "Standard", 14, "net");

    auto& layouts = agreement.collection("layouts");
    layouts.put({{"layoutNumber", 1}, {"name", "Standard"}});
    layouts.put({{"layoutNumber", 19}, {"name", "Faktura med logo"}});

    auto& units = agreement.collection("units");
    units.put({{"unitNumber", 1}, {"name", "stk."}});
    units.put({{"unitNumber", 2}, {"name", "timer"}});
    units.put({{"unitNumber", 3}, {"name", "km"}});

    auto& customer_groups = agreement.collection("customer-groups");
    auto customer_group = [&](int number, const char* name, int account) {
        customer_groups.put({{"customerGroupNumber", number},
                             {"name", name},
                             {"account", {{"accountNumber", account}}},
                             {"layout", {{"layoutNumber", 1}}}});
    };
    customer_group(1, "Indenlandske kunder", 5600);
    customer_group(2, "Udenlandske kunder", 5610);
    customer_group(100, "Klinikkunder", 5620);

    auto& product_groups = agreement.collection("product-groups");
    auto product_group = [&](int number, const char* name, int domestic_vat) {
        product_groups.put({{"productGroupNumber", number},
                            {"name", name},
                            {"__vatRates", vat_rates(domestic_vat)}});
    };
    product_group(1, "Varer m/moms", 25);
    product_group(2, "Ydelser m/moms", 25);
    product_group(4, "Ydelser u/moms", 0);
    product_group(100, "Klinikydelser m/moms", 25);

    auto& departments = agreement.collection("departments");
    departments.put({{"departmentNumber", 1}, {"name", "Administration"}});
    departments.put({{"departmentNumber", 2}, {"name", "Klinik Nyborg"}});
    departments.put({{"departmentNumber", 3}, {"name", "Klinik Odense"}});

    auto& distributions = agreement.collection("departmental-distributions");
    auto single = [&](int number, const char* name) {
        distributions.put(
            {{"departmentalDistributionNumber", number},
             {"name", name},
             {"barred", false},
             {"distributionType", "department"},
             {"distributions",
              {{{"percentage", 100}, {"department", {{"departmentNumber", number}}}}}}});
    };
    single(1, "Administration");
    single(2, "Klinik Nyborg");
    single(3, "Klinik Odense");
    distributions.put({{"departmentalDistributionNumber", 10000},
                       {"name", "Nyborg og Odense"},
                       {"barred", false},
                       {"distributionType", "distribution"},
                       {"distributions",
                        {{{"percentage", 50}, {"department", {{"departmentNumber", 2}}}},
                         {{"percentage", 50}, {"department", {{"departmentNumber", 3}}}}}}});
    seed_accounting_years(agreement);
    seed_chart_of_accounts(agreement);
}

}  // namespace economic_emulator
