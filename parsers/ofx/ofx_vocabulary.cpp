#include "parsers/ofx/ofx_vocabulary.hpp"

#include <algorithm>
#include <unordered_set>

// clang-format off

namespace recon::ofx {
namespace {

// Aggregates of parts recond does not read (investment positions, profiles) are left out
// on purpose: sloppiness there must not hide the real reason such a file is refused.
const std::unordered_set<std::string_view>& Aggregates() {
  static const std::unordered_set<std::string_view> kAggregates = {
      "OFX",         "SIGNONMSGSRSV1", "SONRS",        "STATUS",     "BANKMSGSRSV1", "STMTTRNRS",
      "STMTRS",      "BANKACCTFROM",   "CCACCTFROM",   "BANKTRANLIST", "STMTTRN",    "PAYEE",
      "CURRENCY",    "ORIGCURRENCY",   "LEDGERBAL",    "AVAILBAL",   "CREDITCARDMSGSRSV1",
      "CCSTMTTRNRS", "CCSTMTRS",       "BANKACCTTO",   "CCACCTTO",   "FI",
  };
  return kAggregates;
}

const std::unordered_set<std::string_view>& Leaves() {
  static const std::unordered_set<std::string_view> kLeaves = {
      "TRNUID",    "CODE",         "SEVERITY",      "MESSAGE",      "DTSERVER",      "LANGUAGE",   "DTPROFUP",
      "DTACCTUP",  "ORG",          "FID",           "SESSCOOKIE",   "USERKEY",       "TSKEYEXPIRE", "ACCESSKEY",
      "CLTCOOKIE", "CURDEF",       "BANKID",        "BRANCHID",     "ACCTID",        "ACCTTYPE",   "ACCTKEY",
      "DTSTART",   "DTEND",        "TRNTYPE",       "DTPOSTED",     "DTUSER",        "DTAVAIL",    "TRNAMT",
      "FITID",     "CORRECTFITID", "CORRECTACTION", "SRVRTID",      "CHECKNUM",      "REFNUM",     "SIC",
      "PAYEEID",   "NAME",         "EXTDNAME",      "MEMO",         "INV401KSOURCE", "CURRATE",    "CURSYM",
      "BALAMT",    "DTASOF",       "MKTGINFO",      "ADDR1",        "ADDR2",         "ADDR3",      "CITY",
      "STATE",     "POSTALCODE",   "COUNTRY",       "PHONE",        "DESC",          "BALTYPE",    "VALUE",
      "INTU.BID",  "INTU.USERID",  "INTU.BROKERID", "INTU.TIMEOUT", "DTTRADE",       "DTSETTLE",   "UNITS",
      "UNITPRICE", "TOTAL",        "UNIQUEID",      "UNIQUEIDTYPE", "BROKERID",      "SECNAME",    "TICKER",
      "FIID",
  };
  return kLeaves;
}

constexpr std::string_view kInOfx[] = {"OFX"};
constexpr std::string_view kInSignon[] = {"SIGNONMSGSRSV1"};
constexpr std::string_view kInBankSet[] = {"BANKMSGSRSV1"};
constexpr std::string_view kInCardSet[] = {"CREDITCARDMSGSRSV1"};
constexpr std::string_view kInStmtTrnRs[] = {"STMTTRNRS"};
constexpr std::string_view kInCcStmtTrnRs[] = {"CCSTMTTRNRS"};
constexpr std::string_view kInStatement[] = {"STMTRS", "CCSTMTRS"};
constexpr std::string_view kInTransactionList[] = {"BANKTRANLIST", "INVBANKTRAN"};

struct Content {
  std::string_view aggregate;
  std::span<const std::string_view> children;
};

constexpr std::string_view kStatusContent[] = {"CODE", "SEVERITY", "MESSAGE"};
constexpr std::string_view kBankAccountContent[] = {"BANKID", "BRANCHID", "ACCTID", "ACCTTYPE", "ACCTKEY"};
constexpr std::string_view kCardAccountContent[] = {"ACCTID", "ACCTKEY"};
constexpr std::string_view kPayeeContent[] = {"NAME", "ADDR1", "ADDR2", "ADDR3", "CITY",
                                              "STATE", "POSTALCODE", "COUNTRY", "PHONE"};
constexpr std::string_view kCurrencyContent[] = {"CURRATE", "CURSYM"};
constexpr std::string_view kBalanceContent[] = {"BALAMT", "DTASOF"};

constexpr Content kContents[] = {
    {"STATUS", kStatusContent},         {"BANKACCTFROM", kBankAccountContent},
    {"BANKACCTTO", kBankAccountContent}, {"CCACCTFROM", kCardAccountContent},
    {"CCACCTTO", kCardAccountContent},  {"PAYEE", kPayeeContent},
    {"CURRENCY", kCurrencyContent},     {"ORIGCURRENCY", kCurrencyContent},
    {"LEDGERBAL", kBalanceContent},     {"AVAILBAL", kBalanceContent},
};

}  // namespace

bool IsKnownAggregate(std::string_view name) { return Aggregates().contains(name); }

bool IsKnownLeaf(std::string_view name) { return Leaves().contains(name); }

std::span<const std::string_view> ParentsOf(std::string_view name) {
  if (name == "SIGNONMSGSRSV1" || name == "BANKMSGSRSV1" || name == "CREDITCARDMSGSRSV1") return kInOfx;
  if (name == "SONRS") return kInSignon;
  if (name == "STMTTRNRS") return kInBankSet;
  if (name == "CCSTMTTRNRS") return kInCardSet;
  if (name == "STMTRS") return kInStmtTrnRs;
  if (name == "CCSTMTRS") return kInCcStmtTrnRs;
  if (name == "BANKTRANLIST" || name == "LEDGERBAL" || name == "AVAILBAL") return kInStatement;
  if (name == "STMTTRN") return kInTransactionList;
  return {};
}

bool EndsBefore(std::string_view aggregate, std::string_view child) {
  if (!IsKnownLeaf(child) && !IsKnownAggregate(child)) return false;
  for (const Content& c : kContents) {
    if (c.aggregate == aggregate) return std::find(c.children.begin(), c.children.end(), child) == c.children.end();
  }
  return false;
}

}  // namespace recon::ofx
