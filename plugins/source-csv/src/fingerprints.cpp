// Kept in one place so customers, invoices and duplicates are hashed the same way.
#include "fingerprints.hpp"

#include <boost/uuid/detail/sha1.hpp>
#include <optional>

namespace ferry::csv {
namespace {

// Fingerprints of documents that could be read hash what they say, written one way, so that an
// export adding an empty column, writing 1.000,00 as 1000 or naming a column differently
// changes nothing; those of rejected documents hash their raw cells, since nothing else is known.
class Fingerprint {
  public:
    explicit Fingerprint(std::string_view kind) { add(kind); }
    Fingerprint& add(std::string_view field) {
        text_.append(field).append("\x1f");
        return *this;
    }
    Fingerprint& add(const sdk::Decimal& value) { return add(value.to_string(0)); }
    Fingerprint& add(const std::optional<sdk::Date>& date) {
        return add(date ? date->to_string() : "");
    }
    std::string hash() const { return content_hash(text_); }

  private:
    std::string text_;
};

}  // namespace

std::string fingerprint_of(const sdk::Customer& c) {
    Fingerprint print("customer");
    print.add(c.number).add(c.name).add(c.cvr).add(c.vat_number).add(c.ean);
    print.add(c.address.street).add(c.address.postal_zone).add(c.address.city);
    print.add(c.address.country_code).add(c.email).add(c.telephone).add(c.contact_person);
    return print.add(c.barred ? "barred" : "").hash();
}

std::string fingerprint_of(const sdk::Document& d) {
    Fingerprint print(sdk::to_string(d.key.kind));
    print.add(d.key.number).add(d.issue_date).add(d.due_date).add(d.currency);
    for (const sdk::DocumentKey& customer : d.prerequisites)
        print.add(customer.number);
    for (const sdk::Line& line : d.lines)
        print.add(line.item_id)
            .add(line.name)
            .add(line.quantity)
            .add(line.unit_price)
            .add(line.vat_percent);
    return print.hash();
}

std::string content_hash(std::string_view text) {
    boost::uuids::detail::sha1 sha;
    sha.process_bytes(text.data(), text.size());
    boost::uuids::detail::sha1::digest_type digest;
    sha.get_digest(digest);
    static constexpr char hex[] = "0123456789abcdef";
    std::string out;
    for (auto word : digest)
        for (int shift = static_cast<int>(sizeof word) * 8 - 4; shift >= 0; shift -= 4)
            out += hex[(word >> shift) & 0xF];
    return out;
}

}  // namespace ferry::csv
