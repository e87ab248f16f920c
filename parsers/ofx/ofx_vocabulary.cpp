#include "parsers/ofx/ofx_vocabulary.hpp"

#include <algorithm>
#include <unordered_map>

namespace recon::ofx {
namespace {

// clang-format off

// Aggregates of parts recond does not read (investment positions, profiles) are left out
// on purpose: sloppiness there must not hide the real reason such a file is refused.
constexpr std::string_view kAggregates[] = {
    "OFX",         "SIGNONMSGSRSV1", "SONRS",        "STATUS",       "BANKMSGSRSV1", "STMTTRNRS",
    "STMTRS",      "BANKACCTFROM",   "CCACCTFROM",   "BANKTRANLIST", "STMTTRN",      "PAYEE",
    "CURRENCY",    "ORIGCURRENCY",   "LEDGERBAL",    "AVAILBAL",     "CREDITCARDMSGSRSV1",
    "CCSTMTTRNRS", "CCSTMTRS",       "BANKACCTTO",   "CCACCTTO",     "FI",
};

constexpr std::string_view kLeaves[] = {
    "TRNUID",    "CODE",         "SEVERITY",      "MESSAGE",      "DTSERVER",      "LANGUAGE",    "DTPROFUP",
    "DTACCTUP",  "ORG",          "FID",           "SESSCOOKIE",   "USERKEY",       "TSKEYEXPIRE", "ACCESSKEY",
    "CLTCOOKIE", "CURDEF",       "BANKID",        "BRANCHID",     "ACCTID",        "ACCTTYPE",    "ACCTKEY",
    "DTSTART",   "DTEND",        "TRNTYPE",       "DTPOSTED",     "DTUSER",        "DTAVAIL",     "TRNAMT",
    "FITID",     "CORRECTFITID", "CORRECTACTION", "SRVRTID",      "CHECKNUM",      "REFNUM",      "SIC",
    "PAYEEID",   "NAME",         "EXTDNAME",      "MEMO",         "INV401KSOURCE", "CURRATE",     "CURSYM",
    "BALAMT",    "DTASOF",       "MKTGINFO",      "ADDR1",        "ADDR2",         "ADDR3",       "CITY",
    "STATE",     "POSTALCODE",   "COUNTRY",       "PHONE",        "DESC",          "BALTYPE",     "VALUE",
    "INTU.BID",  "INTU.USERID",  "INTU.BROKERID", "INTU.TIMEOUT", "DTTRADE",       "DTSETTLE",    "UNITS",
    "UNITPRICE", "TOTAL",        "UNIQUEID",      "UNIQUEIDTYPE", "BROKERID",      "SECNAME",     "TICKER",
    "FIID",
};

constexpr std::string_view kInOfx[] = {"OFX"};
constexpr std::string_view kInSignon[] = {"SIGNONMSGSRSV1"};
constexpr std::string_view kInBankSet[] = {"BANKMSGSRSV1"};
constexpr std::string_view kInCardSet[] = {"CREDITCARDMSGSRSV1"};
constexpr std::string_view kInStmtTrnRs[] = {"STMTTRNRS"};
constexpr std::string_view kInCcStmtTrnRs[] = {"CCSTMTTRNRS"};
constexpr std::string_view kInStatement[] = {"STMTRS", "CCSTMTRS"};
constexpr std::string_view kInTransactionList[] = {"BANKTRANLIST", "INVBANKTRAN"};

struct Placement {
  std::string_view element;
  std::span<const std::string_view> parents;
};

constexpr Placement kPlacements[] = {
    {"SIGNONMSGSRSV1", kInOfx},        {"BANKMSGSRSV1", kInOfx},          {"CREDITCARDMSGSRSV1", kInOfx},
    {"SONRS", kInSignon},              {"STMTTRNRS", kInBankSet},         {"CCSTMTTRNRS", kInCardSet},
    {"STMTRS", kInStmtTrnRs},          {"CCSTMTRS", kInCcStmtTrnRs},      {"BANKTRANLIST", kInStatement},
    {"LEDGERBAL", kInStatement},       {"AVAILBAL", kInStatement},        {"STMTTRN", kInTransactionList},
};

constexpr std::string_view kStatusContent[] = {"CODE", "SEVERITY", "MESSAGE"};
constexpr std::string_view kBankAccountContent[] = {"BANKID", "BRANCHID", "ACCTID", "ACCTTYPE", "ACCTKEY"};
constexpr std::string_view kCardAccountContent[] = {"ACCTID", "ACCTKEY"};
constexpr std::string_view kPayeeContent[] = {"NAME", "ADDR1", "ADDR2", "ADDR3", "CITY",
                                              "STATE", "POSTALCODE", "COUNTRY", "PHONE"};
constexpr std::string_view kCurrencyContent[] = {"CURRATE", "CURSYM"};
constexpr std::string_view kBalanceContent[] = {"BALAMT", "DTASOF"};

struct Content {
  std::string_view aggregate;
  std::span<const std::string_view> children;
};

constexpr Content kContents[] = {
    {"STATUS", kStatusContent},          {"BANKACCTFROM", kBankAccountContent},
    {"BANKACCTTO", kBankAccountContent}, {"CCACCTFROM", kCardAccountContent},
    {"CCACCTTO", kCardAccountContent},   {"PAYEE", kPayeeContent},
    {"CURRENCY", kCurrencyContent},      {"ORIGCURRENCY", kCurrencyContent},
    {"LEDGERBAL", kBalanceContent},      {"AVAILBAL", kBalanceContent},
};

// clang-format on

std::unordered_map<std::string_view, ElementInfo> BuildTable() {
  std::unordered_map<std::string_view, ElementInfo> table;
  for (std::string_view name : kAggregates) table[name].aggregate = true;
  for (std::string_view name : kLeaves) table[name].leaf = true;
  for (const Placement& p : kPlacements) table[p.element].parents = p.parents;
  for (const Content& c : kContents) table[c.aggregate].content = c.children;
  return table;
}

}  // namespace

const ElementInfo& Describe(std::string_view name) {
  static const std::unordered_map<std::string_view, ElementInfo> kTable = BuildTable();
  static const ElementInfo kUnknown;
  const auto it = kTable.find(name);
  return it == kTable.end() ? kUnknown : it->second;
}

bool EndsBefore(const ElementInfo& aggregate, std::string_view child_name, const ElementInfo& child) {
  if (aggregate.content.empty() || !child.known()) return false;
  return std::find(aggregate.content.begin(), aggregate.content.end(), child_name) == aggregate.content.end();
}

}  // namespace recon::ofx
