#include "connectors/berlin_group/transaction_mapper.hpp"

#include "recon/digest.hpp"

namespace recon::connectors {
namespace {

std::optional<std::string> Text(const nlohmann::json& tx, const char* key) {
  auto it = tx.find(key);
  if (it == tx.end() || !it->is_string() || it->get<std::string>().empty()) return std::nullopt;
  return it->get<std::string>();
}

std::optional<std::string> Iban(const nlohmann::json& tx, const char* key) {
  auto it = tx.find(key);
  if (it == tx.end() || !it->is_object()) return std::nullopt;
  return Text(*it, "iban");
}

// remittanceInformationUnstructured may be a string or (v1.3.12) an array of strings.
std::optional<std::string> Unstructured(const nlohmann::json& tx) {
  auto it = tx.find("remittanceInformationUnstructuredArray");
  if (it != tx.end() && it->is_array()) {
    std::string joined;
    for (const auto& part : *it)
      if (part.is_string()) joined += part.get<std::string>();
    if (!joined.empty()) return joined;
  }
  return Text(tx, "remittanceInformationUnstructured");
}

// remittanceInformationStructured is a string in older versions, an object {reference} later.
std::optional<std::string> Structured(const nlohmann::json& tx) {
  auto it = tx.find("remittanceInformationStructured");
  if (it == tx.end()) return std::nullopt;
  if (it->is_string()) return Text(tx, "remittanceInformationStructured");
  if (it->is_object()) return Text(*it, "reference");
  return std::nullopt;
}

}  // namespace

Result<StatementLine> MapTransaction(const nlohmann::json& tx, const std::string& account) {
  if (!tx.is_object()) return MakeError(ErrorCode::kMalformedFile, "a transaction is not a JSON object");
  StatementLine line;
  line.account = account;
  auto amount = tx.find("transactionAmount");
  if (amount == tx.end() || !amount->is_object() || !amount->contains("amount") || !amount->contains("currency"))
    return MakeError(ErrorCode::kMalformedFile, "a transaction has no transactionAmount");
  const auto& value = (*amount)["amount"];
  const auto& currency = (*amount)["currency"];
  if (!value.is_string() || !currency.is_string())
    return MakeError(ErrorCode::kMalformedFile, "transactionAmount must carry amount and currency as strings");
  auto money = Money::Parse(value.get<std::string>(), currency.get<std::string>(), DecimalSeparator::kPoint);
  if (!money) return money.error();
  line.amount = *money;
  auto booking = Text(tx, "bookingDate");
  if (!booking) booking = Text(tx, "valueDate");
  if (!booking) return MakeError(ErrorCode::kInvalidDate, "a transaction has neither bookingDate nor valueDate");
  auto booked = Date::ParseIso(*booking);
  if (!booked) return booked.error();
  line.booking_date = *booked;
  if (auto v = Text(tx, "valueDate")) {
    auto value_date = Date::ParseIso(*v);
    if (!value_date) return value_date.error();
    line.value_date = *value_date;
  }
  const bool money_out = line.amount.minor < 0;
  line.counterparty_name = Text(tx, money_out ? "creditorName" : "debtorName");
  line.counterparty_account = Iban(tx, money_out ? "creditorAccount" : "debtorAccount");
  line.counterparty_bic = Text(tx, money_out ? "creditorAgent" : "debtorAgent");
  line.remittance_info = Unstructured(tx);
  line.structured_reference = Structured(tx);
  line.end_to_end_id = Text(tx, "endToEndId");
  if (line.end_to_end_id == "NOTPROVIDED") line.end_to_end_id.reset();
  line.bank_transaction_code = Text(tx, "bankTransactionCode");
  if (!line.bank_transaction_code) line.bank_transaction_code = Text(tx, "proprietaryBankTransactionCode");
  line.bank_reference = Text(tx, "transactionId");
  if (!line.bank_reference) line.bank_reference = Text(tx, "entryReference");
  return line;
}

std::string SyntheticId(const StatementLine& line, int occurrence) {
  // Unit separators keep "ab"+"c" apart from "a"+"bc".
  std::string key;
  auto add = [&key](const std::optional<std::string>& s) { key += s.value_or(""); key += '\x1f'; };
  key += line.account + '\x1f' + line.booking_date.ToIso() + '\x1f';
  key += (line.value_date ? line.value_date->ToIso() : "") + '\x1f';
  key += line.amount.ToString() + '\x1f' + std::string(line.amount.currency.code()) + '\x1f';
  add(line.counterparty_name);
  add(line.counterparty_account);
  add(line.remittance_info);
  add(line.structured_reference);
  add(line.end_to_end_id);
  add(line.bank_transaction_code);
  key += std::to_string(occurrence);
  return "syn:" + Sha256Hex(key).substr(0, 32);
}

}  // namespace recon::connectors
