// The company's customers as `ferry link customers` lists them (customers()), mapped back from
// e-conomic's JSON.
#include <vector>

#include "customer_json.hpp"
#include "customer_records.hpp"

namespace ferry::economic {

std::vector<sdk::TargetCustomer> target_customers(Company& company) {
    std::vector<sdk::TargetCustomer> customers;
    company.api().for_each("/customers", {}, [&](Json& found) {
        auto number = found.find("customerNumber");
        if (number == found.end() || !number->is_number_integer())
            return;
        sdk::TargetCustomer entry;
        entry.customer.number = std::to_string(number->get<std::int64_t>());
        entry.target = {{customer_target_key, entry.customer.number}};
        sdk::Customer& customer = entry.customer;
        customer.name = text_at(found, "name");
        customer.cvr = text_at(found, "corporateIdentificationNumber");
        customer.vat_number = text_at(found, "vatNumber");
        customer.ean = text_at(found, "ean");
        customer.address.street = text_at(found, "address");
        customer.address.postal_zone = text_at(found, "zip");
        customer.address.city = text_at(found, "city");
        customer.address.country_code = country_code(text_at(found, "country"));
        customer.email = text_at(found, "email");
        customer.telephone = text_at(found, "telephoneAndFaxNumber");
        if (customer.telephone.empty())
            customer.telephone = text_at(found, "mobilePhone");
        customer.barred = barred_in(found);
        customers.push_back(std::move(entry));
    });
    return customers;
}

}  // namespace ferry::economic
