#include "connectors/berlin_group/berlin_group_connector.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "connectors/berlin_group/transaction_mapper.hpp"
#include "connectors/registry.hpp"
#include "mock_bank/bank_transaction.hpp"
#include "connectors/loopback.hpp"
#include "mock_bank/mock_bank.hpp"

namespace recon::connectors {
namespace {

using testing::BankTransaction;

nlohmann::json Settings(const testing::MockBank& bank) {
  return {{"base_url", bank.base_url()}, {"token_url", bank.base_url() + "/token"}, {"client_id", "recond"},
          {"client_secret", "s"},        {"consent_id", "c-1"},                     {"date_from", "2026-01-01"},
          {"attempts_max", 3},           {"backoff_base_ms", 1}};
}

std::unique_ptr<Connector> Make(const testing::MockBank& bank) {
  auto c = BuiltinConnectors().Create("berlin-group", Settings(bank), LoopbackContext());
  EXPECT_TRUE(c.ok()) << (c.ok() ? "" : c.error().message);
  return std::move(c).value();
}

TEST(MapTransaction, FullTransactionMapsEveryField) {
  auto tx = nlohmann::json::parse(R"({
    "transactionId": "T1", "entryReference": "E1", "endToEndId": "E2E-9",
    "bookingDate": "2026-03-02", "valueDate": "2026-03-01",
    "transactionAmount": {"amount": "-1234.56", "currency": "EUR"},
    "creditorName": "ACME BV", "creditorAccount": {"iban": "DE89370400440532013000"},
    "debtorName": "Us", "remittanceInformationUnstructured": "INV 42",
    "remittanceInformationStructured": "RF18539007547034", "bankTransactionCode": "PMNT-ICDT-ESCT"})");
  auto line = MapTransaction(tx, "NL91ABNA0417164300");
  ASSERT_TRUE(line.ok()) << line.error().message;
  EXPECT_EQ(line->amount.minor, -123456);
  EXPECT_EQ(line->booking_date.ToIso(), "2026-03-02");
  EXPECT_EQ(line->value_date->ToIso(), "2026-03-01");
  EXPECT_EQ(line->counterparty_name, "ACME BV");
  EXPECT_EQ(line->counterparty_account, "DE89370400440532013000");
  EXPECT_EQ(line->remittance_info, "INV 42");
  EXPECT_EQ(line->structured_reference, "RF18539007547034");
  EXPECT_EQ(line->end_to_end_id, "E2E-9");
  EXPECT_EQ(line->bank_reference, "T1");
  EXPECT_EQ(line->bank_transaction_code, "PMNT-ICDT-ESCT");
}

TEST(MapTransaction, MoneyInTakesTheDebtor) {
  auto tx = nlohmann::json::parse(R"({"bookingDate":"2026-03-02","transactionAmount":{"amount":"10.5","currency":"EUR"},
    "creditorName":"Us","debtorName":"Client","debtorAccount":{"iban":"BE68539007547034"},"endToEndId":"NOTPROVIDED"})");
  auto line = MapTransaction(tx, "A");
  ASSERT_TRUE(line.ok());
  EXPECT_EQ(line->amount.minor, 1050);
  EXPECT_EQ(line->counterparty_name, "Client");
  EXPECT_EQ(line->counterparty_account, "BE68539007547034");
  EXPECT_FALSE(line->end_to_end_id);
  EXPECT_FALSE(line->bank_reference);
}

TEST(MapTransaction, BadInputsAreRefused) {
  struct Row {
    const char* json;
    ErrorCode code;
  } rows[] = {
      {R"([])", ErrorCode::kMalformedFile},
      {R"({"bookingDate":"2026-03-02"})", ErrorCode::kMalformedFile},
      {R"({"bookingDate":"2026-03-02","transactionAmount":{"amount":10.5,"currency":"EUR"}})", ErrorCode::kMalformedFile},
      {R"({"bookingDate":"2026-03-02","transactionAmount":{"amount":"1.005","currency":"EUR"}})", ErrorCode::kInvalidAmount},
      {R"({"bookingDate":"2026-03-02","transactionAmount":{"amount":"1","currency":"XXY"}})", ErrorCode::kUnknownCurrency},
      {R"({"bookingDate":"2026-02-30","transactionAmount":{"amount":"1","currency":"EUR"}})", ErrorCode::kInvalidDate},
      {R"({"transactionAmount":{"amount":"1","currency":"EUR"}})", ErrorCode::kInvalidDate},
  };
  for (const auto& row : rows) {
    auto line = MapTransaction(nlohmann::json::parse(row.json), "A");
    ASSERT_FALSE(line.ok()) << row.json;
    EXPECT_EQ(line.error().code, row.code) << row.json << ": " << line.error().message;
  }
}

TEST(SyntheticId, StableAndDistinct) {
  auto a = MapTransaction(BankTransaction("", "5.00", "2026-01-02"), "A").value();
  auto b = MapTransaction(BankTransaction("", "5.01", "2026-01-02"), "A").value();
  EXPECT_EQ(SyntheticId(a, 0), SyntheticId(a, 0));
  EXPECT_NE(SyntheticId(a, 0), SyntheticId(b, 0));
  EXPECT_NE(SyntheticId(a, 0), SyntheticId(a, 1));
  EXPECT_EQ(SyntheticId(a, 0).size(), 36u);
}

TEST(BerlinGroup, UnknownOrBadSettingsAreInvalidRequest) {
  testing::MockBank bank;
  auto s = Settings(bank);
  s["date_from"] = "yesterday";
  auto c = BuiltinConnectors().Create("berlin-group", s, LoopbackContext());
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error().code, ErrorCode::kInvalidRequest);
}

TEST(BerlinGroup, PagesThroughAndCountsRepeatsOnce) {
  testing::MockBank bank;
  // T2 comes again on the second page; the last one has no id.
  bank.SetTransactions("acc-1",
                       {BankTransaction("T1", "-10.00", "2026-01-02"), BankTransaction("T2", "20.00", "2026-01-03"),
                        BankTransaction("T2", "20.00", "2026-01-03"), BankTransaction("T3", "-0.01", "2026-01-04"),
                        BankTransaction("", "7.00", "2026-01-04")},
                       2);
  auto c = Make(bank);
  auto r = c->Fetch("");
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(r->statements.size(), 1u);
  const auto& lines = r->statements[0].lines;
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_EQ(lines[0].bank_reference, "T1");
  EXPECT_EQ(lines[0].amount.minor, -1000);
  EXPECT_EQ(lines[3].bank_reference->rfind("syn:", 0), 0u);
  EXPECT_EQ(r->statements[0].account, "NL91ABNA0417164300");
  EXPECT_EQ(bank.Requests("/v1/accounts/acc-1/transactions"), 3);

  // A second pull from the returned cursor stores nothing twice.
  auto again = c->Fetch(r->next_cursor);
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_TRUE(again->statements.empty());

  // The synthetic id is the same on a fresh connector: a restart does not duplicate it.
  auto fresh = Make(bank)->Fetch("");
  ASSERT_TRUE(fresh.ok());
  EXPECT_EQ(fresh->statements[0].lines[3].bank_reference, lines[3].bank_reference);
}

TEST(BerlinGroup, ResumesWithOnlyNewTransactions) {
  testing::MockBank bank;
  bank.SetTransactions("acc-1",
                       {BankTransaction("T1", "1.00", "2026-01-02"), BankTransaction("T2", "2.00", "2026-01-03")}, 10);
  auto c = Make(bank);
  auto first = c->Fetch("");
  ASSERT_TRUE(first.ok());
  bank.SetTransactions("acc-1",
                       {BankTransaction("T1", "1.00", "2026-01-02"), BankTransaction("T2", "2.00", "2026-01-03"),
                        BankTransaction("T4", "4.00", "2026-01-03"), BankTransaction("T5", "5.00", "2026-01-05")},
                       10);
  auto second = c->Fetch(first->next_cursor);
  ASSERT_TRUE(second.ok());
  ASSERT_EQ(second->statements.size(), 1u);
  ASSERT_EQ(second->statements[0].lines.size(), 2u);
  EXPECT_EQ(second->statements[0].lines[0].bank_reference, "T4");
  EXPECT_EQ(second->statements[0].lines[1].bank_reference, "T5");
}

TEST(BerlinGroup, ServerErrorsAreRetriedThenSucceed) {
  testing::MockBank bank;
  bank.SetTransactions("acc-1", {BankTransaction("T1", "1.00", "2026-01-02")}, 10);
  auto c = Make(bank);
  bank.FailNext500(2);
  auto r = c->Fetch("");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->statements.size(), 1u);
}

TEST(BerlinGroup, PersistentOutageIsUnavailable) {
  testing::MockBank bank;
  bank.FailNext500(100);
  auto r = Make(bank)->Fetch("");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kUnavailable);
}

TEST(BerlinGroup, ConsentExpiredNeedsAPerson) {
  testing::MockBank bank;
  bank.SetTransactions("acc-1", {BankTransaction("T1", "1.00", "2026-01-02")}, 10);
  bank.SetConsentExpired(true);
  auto r = Make(bank)->Fetch("");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kForbidden);
}

TEST(BerlinGroup, CamtAnswerIsHandedOnAsAFile) {
  testing::MockBank bank;
  std::ifstream in(std::string(RECOND_FIXTURES) + "/camt/camt053_v08_basic.xml", std::ios::binary);
  std::stringstream xml;
  xml << in.rdbuf();
  bank.SetTransactionsBody("acc-x", "application/xml", xml.str());
  auto r = Make(bank)->Fetch("");
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(r->files.size(), 1u);
  EXPECT_EQ(r->files[0].bytes, xml.str());
}

TEST(BerlinGroup, BadCursorIsInvalidRequest) {
  testing::MockBank bank;
  auto r = Make(bank)->Fetch("not json");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidRequest);
}

}  // namespace
}  // namespace recon::connectors
