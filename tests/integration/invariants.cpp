#include "integration/invariants.hpp"

#include <libpq-fe.h>

#include <memory>
#include <stdexcept>

namespace recon::testing {
namespace {

using Conn = std::unique_ptr<PGconn, decltype(&PQfinish)>;
using Result = std::unique_ptr<PGresult, decltype(&PQclear)>;

Conn Connect(const std::string& url) {
  Conn conn(PQconnectdb(url.c_str()), &PQfinish);
  if (PQstatus(conn.get()) != CONNECTION_OK) {
    throw std::runtime_error("test database unreachable: " + std::string(PQerrorMessage(conn.get())));
  }
  return conn;
}

Result Query(PGconn* conn, const std::string& sql, const std::string& company) {
  const char* params[1] = {company.c_str()};
  Result r(PQexecParams(conn, sql.c_str(), 1, nullptr, params, nullptr, nullptr, 0), &PQclear);
  if (PQresultStatus(r.get()) != PGRES_TUPLES_OK) {
    throw std::runtime_error("invariant query failed: " + std::string(PQerrorMessage(conn)) + "\n" + sql);
  }
  return r;
}

struct Check {
  const char* what;  // the invariant, said once
  const char* sql;   // one row per violation, one text column describing it; $1 = company
};

// Each query returns the offending rows only. A payable's allocation counts negative on
// the line side (matching/rules/rule_eval.hpp); the write-off is in line terms, + when the
// lines paid less than the items.
const Check kChecks[] = {
    {"opening + sum(lines) = closing",
     "SELECT 'statement ' || s.id || ': opening ' || s.opening_balance || ' + lines ' || COALESCE(SUM(l.amount), 0) ||"
     " ' <> closing ' || s.closing_balance"
     " FROM statements s LEFT JOIN statement_lines l ON l.statement_id = s.id"
     " WHERE s.company = $1 AND s.opening_balance IS NOT NULL AND s.closing_balance IS NOT NULL"
     "   AND s.duplicates_skipped = 0"
     " GROUP BY s.id HAVING s.opening_balance + COALESCE(SUM(l.amount), 0) <> s.closing_balance"},
    {"a statement's line_count + duplicates_skipped lines are what it holds",
     "SELECT 'statement ' || s.id || ': line_count ' || s.line_count || ' but ' || COUNT(l.id) || ' lines stored'"
     " FROM statements s LEFT JOIN statement_lines l ON l.statement_id = s.id"
     " WHERE s.company = $1 GROUP BY s.id HAVING COUNT(l.id) <> s.line_count"},
    {"every line belongs to a statement of its company (no foreign key says so since migration 0010)",
     "SELECT 'line ' || l.id || ': statement ' || l.statement_id || ' missing' FROM statement_lines l"
     " LEFT JOIN statements s ON s.id = l.statement_id AND s.company = l.company"
     " WHERE l.company = $1 AND s.id IS NULL"},
    {"no item allocated beyond its open amount",
     "SELECT 'open item ' || id || ' (' || external_id || '): allocated ' || allocated_amount || ' of ' ||"
     " erp_open_amount FROM open_items WHERE company = $1"
     " AND NOT ((erp_open_amount >= 0 AND allocated_amount BETWEEN 0 AND erp_open_amount)"
     "       OR (erp_open_amount < 0 AND allocated_amount BETWEEN erp_open_amount AND 0))"},
    {"an item's allocated_amount is the sum of its applied allocations",
     "SELECT 'open item ' || o.id || ' (' || o.external_id || '): allocated_amount ' || o.allocated_amount ||"
     " ' but applied allocations sum to ' || COALESCE(a.total, 0)"
     " FROM open_items o LEFT JOIN (SELECT al.open_item_id, SUM(al.amount) AS total FROM allocations al"
     "   JOIN matches m ON m.id = al.match_id WHERE m.status = 'applied' AND m.company = $1"
     "   GROUP BY al.open_item_id) a ON a.open_item_id = o.id"
     " WHERE o.company = $1 AND o.allocated_amount <> COALESCE(a.total, 0)"},
    {"a line's matched_amount is the sum of its applied match_lines and within its amount",
     "SELECT 'line ' || l.id || ': matched_amount ' || l.matched_amount || ', applied match_lines ' ||"
     " COALESCE(t.total, 0) || ', amount ' || l.amount"
     " FROM statement_lines l LEFT JOIN (SELECT ml.line_id, SUM(ml.amount) AS total FROM match_lines ml"
     "   JOIN matches m ON m.id = ml.match_id WHERE m.status = 'applied' AND m.company = $1"
     "   GROUP BY ml.line_id) t ON t.line_id = l.id"
     " WHERE l.company = $1 AND (l.matched_amount <> COALESCE(t.total, 0)"
     "   OR NOT ((l.amount >= 0 AND l.matched_amount BETWEEN 0 AND l.amount)"
     "        OR (l.amount < 0 AND l.matched_amount BETWEEN l.amount AND 0)))"},
    {"no allocation without its match",
     "SELECT 'allocation ' || a.id || ' of item ' || a.open_item_id || ' has no match ' || a.match_id"
     " FROM allocations a JOIN open_items o ON o.id = a.open_item_id AND o.company = $1"
     " LEFT JOIN matches m ON m.id = a.match_id WHERE m.id IS NULL"},
    {"no match line without its match",
     "SELECT 'match_lines row of line ' || ml.line_id || ' has no match ' || ml.match_id"
     " FROM match_lines ml JOIN statement_lines l ON l.id = ml.line_id AND l.company = $1"
     " LEFT JOIN matches m ON m.id = ml.match_id WHERE m.id IS NULL"},
    {"every allocation names an open item of its match's company (no foreign key says so since migration 0015)",
     "SELECT 'allocation ' || a.id || ' of match ' || m.id || ': open item ' || a.open_item_id || ' missing'"
     " FROM matches m JOIN allocations a ON a.match_id = m.id"
     " LEFT JOIN open_items o ON o.id = a.open_item_id AND o.company = m.company"
     " WHERE m.company = $1 AND o.id IS NULL"},
    {"every match line names a statement line of its match's company (no foreign key since migration 0015)",
     "SELECT 'match ' || m.id || ': line ' || ml.line_id || ' missing'"
     " FROM matches m JOIN match_lines ml ON ml.match_id = m.id"
     " LEFT JOIN statement_lines l ON l.id = ml.line_id AND l.company = m.company"
     " WHERE m.company = $1 AND l.id IS NULL"},
    {"an applied match has lines and allocations",
     "SELECT 'applied match ' || m.id || ' has ' ||"
     " (SELECT COUNT(*) FROM match_lines ml WHERE ml.match_id = m.id) || ' lines and ' ||"
     " (SELECT COUNT(*) FROM allocations a WHERE a.match_id = m.id) || ' allocations'"
     " FROM matches m WHERE m.company = $1 AND m.status = 'applied'"
     " AND (NOT EXISTS (SELECT 1 FROM match_lines ml WHERE ml.match_id = m.id)"
     "   OR NOT EXISTS (SELECT 1 FROM allocations a WHERE a.match_id = m.id))"},
    {"an applied match's allocations (line terms) - write-off = its lines",
     "SELECT 'applied match ' || m.id || ' (' || m.rule || '): allocations on the line side ' || a.total ||"
     " ' - write-off ' || COALESCE(m.write_off_amount, 0) || ' <> lines ' || l.total"
     " FROM matches m"
     " JOIN (SELECT al.match_id, SUM(CASE WHEN o.kind = 'payable' THEN -al.amount ELSE al.amount END) AS total"
     "   FROM allocations al JOIN open_items o ON o.id = al.open_item_id WHERE o.company = $1"
     "   GROUP BY al.match_id) a ON a.match_id = m.id"
     " JOIN (SELECT match_id, SUM(amount) AS total FROM match_lines GROUP BY match_id) l ON l.match_id = m.id"
     " WHERE m.company = $1 AND m.status = 'applied'"
     "   AND a.total - COALESCE(m.write_off_amount, 0) <> l.total"},
    {"a line has at most one applied match that settles it beyond its amount",
     "SELECT 'line ' || l.id || ': applied match_lines sum ' || SUM(ml.amount) || ' beyond amount ' || l.amount"
     " FROM statement_lines l JOIN match_lines ml ON ml.line_id = l.id"
     " JOIN matches m ON m.id = ml.match_id AND m.status = 'applied'"
     " WHERE l.company = $1 GROUP BY l.id, l.amount HAVING ABS(SUM(ml.amount)) > ABS(l.amount)"},
    {"a stored file is the bytes received (its SHA-256 and size)",
     "SELECT 'file ' || id || ' does not hash to its sha256 or size' FROM raw_files WHERE company = $1"
     " AND (encode(sha256(content), 'hex') <> sha256 OR length(content) <> size_bytes)"},
    {"no file stored twice",
     "SELECT 'file ' || sha256 || ' stored ' || COUNT(*) || ' times' FROM raw_files WHERE company = $1"
     " GROUP BY sha256 HAVING COUNT(*) > 1"},
    {"no line stored twice",
     "SELECT 'line fingerprint ' || fingerprint || ' occurrence ' || occurrence || ' stored ' || COUNT(*) ||"
     " ' times' FROM statement_lines WHERE company = $1 GROUP BY fingerprint, occurrence HAVING COUNT(*) > 1"},
    {"a statement belongs to a stored file of its company",
     "SELECT 'statement ' || s.id || ' has no file of its company' FROM statements s"
     " LEFT JOIN raw_files f ON f.id = s.file_id AND f.company = s.company WHERE s.company = $1 AND f.id IS NULL"},
};

}  // namespace

std::vector<std::string> CheckInvariants(const std::string& database_url, const std::string& company) {
  Conn conn = Connect(database_url);
  // One snapshot for every check: a consistent picture even while recond works.
  Result begin(PQexec(conn.get(), "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"), &PQclear);
  std::vector<std::string> violations;
  for (const Check& check : kChecks) {
    Result r = Query(conn.get(), check.sql, company);
    const int rows = PQntuples(r.get());
    for (int i = 0; i < rows && i < 20; ++i) {
      violations.push_back(std::string(check.what) + ": " + PQgetvalue(r.get(), i, 0));
    }
    if (rows > 20) violations.push_back(std::string(check.what) + ": ... and " + std::to_string(rows - 20) + " more");
  }
  Result end(PQexec(conn.get(), "COMMIT"), &PQclear);
  return violations;
}

std::string Joined(const std::vector<std::string>& violations) {
  std::string out;
  for (const auto& v : violations) out += v + "\n";
  return out;
}

std::string QueryValue(const std::string& database_url, const std::string& sql, const std::string& company) {
  Conn conn = Connect(database_url);
  Result r = Query(conn.get(), sql, company);
  if (PQntuples(r.get()) == 0 || PQgetisnull(r.get(), 0, 0)) return "";
  return PQgetvalue(r.get(), 0, 0);
}

}  // namespace recon::testing

// ---- generated data ----------------------------------------------------------------

#include <nlohmann/json.hpp>

#include <random>

namespace recon::testing {
namespace {

std::string Money(int64_t cents) {
  const bool negative = cents < 0;
  const uint64_t a = negative ? static_cast<uint64_t>(-cents) : static_cast<uint64_t>(cents);
  char buf[40];
  snprintf(buf, sizeof buf, "%s%llu.%02llu", negative ? "-" : "", static_cast<unsigned long long>(a / 100),
           static_cast<unsigned long long>(a % 100));
  return buf;
}

// ISO 11649 creditor reference for a numeric base.
std::string CreditorReference(const std::string& base) {
  const std::string digits = base + "271500";  // "RF00": R=27, F=15
  int rem = 0;
  for (char c : digits) rem = (rem * 10 + (c - '0')) % 97;
  char buf[8];
  snprintf(buf, sizeof buf, "RF%02d", 98 - rem);
  return buf + base;
}

const char* const kNames[] = {"Nordic Design AS", "Fjord Living AB", "Polar Home Oy", "Aurora Textiles ApS",
                              "Baltic Timber SIA", "Lofoten Fisk AS", "Hansa Logistik GmbH", "Tundra Tech Oy"};
const char* const kNoise[] = {"Bank fee November", "Rent office Oslo", "Tax deduction", "Transfer to savings",
                              "Cash deposit ATM", "Refund supplier", "Insurance premium"};

std::string Escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '&') out += "&amp;";
    else if (c == '<') out += "&lt;";
    else if (c == '>') out += "&gt;";
    else out += c;
  }
  return out;
}

}  // namespace

std::vector<GenItem> MakeItems(uint64_t seed, size_t first, size_t items) {
  std::mt19937_64 rng(seed);
  std::vector<GenItem> out;
  out.reserve(items);
  for (size_t i = first; i < first + items; ++i) {
    GenItem it;
    char doc[32];
    snprintf(doc, sizeof doc, "2026-%06zu", i + 1);
    it.document_number = doc;
    it.external_id = std::string("INV-") + doc;
    const size_t partner = rng() % 5000;
    it.partner_id = "C" + std::to_string(partner + 1);
    it.partner_name = std::string(kNames[partner % 8]) + " " + std::to_string(partner);
    if (rng() % 2 == 0) it.structured_reference = CreditorReference(std::to_string(700000000 + i));
    it.cents = 500 + static_cast<int64_t>(i) * 7 + static_cast<int64_t>(rng() % 7);  // unique amounts
    out.push_back(std::move(it));
  }
  return out;
}

std::vector<GenLine> MakeLines(uint64_t seed, const std::vector<GenItem>& items, size_t first, size_t lines) {
  std::mt19937_64 rng(seed ^ 0x9e3779b97f4a7c15ull);
  std::vector<GenLine> out;
  out.reserve(lines);
  for (size_t n = 0; n < lines; ++n) {
    GenLine l;
    char ref[32];
    snprintf(ref, sizeof ref, "BR%010zu", first + n + 1);
    l.bank_reference = ref;
    if (rng() % 10 < 7) l.e2e = std::string("E2E") + ref;
    const unsigned kind = static_cast<unsigned>(rng() % 10);
    if (n < items.size() && kind < 8) {
      const GenItem& it = items[n];
      l.name = it.partner_name;
      l.cents = it.cents;
      if (kind < 4 && !it.structured_reference.empty()) {
        l.strd = it.structured_reference;
      } else if (kind < 7) {
        static const char* const kForms[] = {"Invoice %s", "payment inv %s thank you", "Rechnung %s",
                                             "Ref: %s / order 77"};
        char text[96];
        snprintf(text, sizeof text, kForms[rng() % 4], it.document_number.c_str());
        l.ustrd = text;
      } else {
        l.cents = it.cents / 2;  // a partial payment
        l.ustrd = "Invoice " + it.document_number + " part 1";
      }
    } else {
      l.cents = -static_cast<int64_t>(100 + rng() % 100000);
      l.name = "Supplier " + std::to_string(rng() % 100);
      l.ustrd = kNoise[rng() % 7];
    }
    out.push_back(std::move(l));
  }
  return out;
}

std::string Camt053(const std::vector<GenLine>& lines, const std::string& date, const std::string& statement_id,
                    int64_t opening_cents) {
  int64_t closing = opening_cents;
  for (const GenLine& l : lines) closing += l.cents;
  std::string out;
  out.reserve(lines.size() * 700 + 1024);
  out += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
         "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.08\">\n<BkToCstmrStmt>\n"
         "<GrpHdr><MsgId>MSG" + statement_id + "</MsgId><CreDtTm>" + date + "T06:00:00Z</CreDtTm></GrpHdr>\n"
         "<Stmt><Id>" + statement_id + "</Id>\n"
         "<Acct><Id><IBAN>NO9386011117947</IBAN></Id><Ccy>EUR</Ccy></Acct>\n";
  for (auto [code, cents] : {std::pair<const char*, int64_t>{"OPBD", opening_cents}, {"CLBD", closing}}) {
    out += std::string("<Bal><Tp><CdOrPrtry><Cd>") + code + "</Cd></CdOrPrtry></Tp><Amt Ccy=\"EUR\">" +
           Money(cents < 0 ? -cents : cents) + "</Amt><CdtDbtInd>" + (cents >= 0 ? "CRDT" : "DBIT") +
           "</CdtDbtInd><Dt><Dt>" + date + "</Dt></Dt></Bal>\n";
  }
  for (const GenLine& l : lines) {
    const bool credit = l.cents >= 0;
    const std::string amt = Money(credit ? l.cents : -l.cents);
    const char* cd = credit ? "CRDT" : "DBIT";
    out += "<Ntry><Amt Ccy=\"EUR\">" + amt + "</Amt><CdtDbtInd>" + cd + "</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>";
    out += "<BookgDt><Dt>" + date + "</Dt></BookgDt><ValDt><Dt>" + date + "</Dt></ValDt><AcctSvcrRef>" +
           l.bank_reference + "</AcctSvcrRef>";
    out += "<NtryDtls><TxDtls><Refs><AcctSvcrRef>" + l.bank_reference + "</AcctSvcrRef><EndToEndId>" +
           (l.e2e.empty() ? "NOTPROVIDED" : l.e2e) + "</EndToEndId></Refs>";
    out += "<Amt Ccy=\"EUR\">" + amt + "</Amt><CdtDbtInd>" + cd + "</CdtDbtInd>";
    if (!l.name.empty()) {
      const char* party = credit ? "Dbtr" : "Cdtr";
      out += std::string("<RltdPties><") + party + "><Pty><Nm>" + Escape(l.name) + "</Nm></Pty></" + party +
             "></RltdPties>";
    }
    if (!l.ustrd.empty() || !l.strd.empty()) {
      out += "<RmtInf>";
      if (!l.ustrd.empty()) out += "<Ustrd>" + Escape(l.ustrd) + "</Ustrd>";
      if (!l.strd.empty()) {
        out += "<Strd><CdtrRefInf><Tp><CdOrPrtry><Cd>SCOR</Cd></CdOrPrtry></Tp><Ref>" + l.strd +
               "</Ref></CdtrRefInf></Strd>";
      }
      out += "</RmtInf>";
    }
    out += "</TxDtls></NtryDtls></Ntry>\n";
  }
  out += "</Stmt>\n</BkToCstmrStmt>\n</Document>\n";
  return out;
}

std::string ItemsJson(const std::vector<GenItem>& items, size_t from, size_t to) {
  nlohmann::json arr = nlohmann::json::array();
  for (size_t i = from; i < to && i < items.size(); ++i) {
    const GenItem& it = items[i];
    nlohmann::json j = {{"external_id", it.external_id}, {"kind", "receivable"}, {"partner_id", it.partner_id},
                        {"partner_name", it.partner_name}, {"document_number", it.document_number},
                        {"amount", Money(it.cents)}, {"open_amount", Money(it.cents)}, {"currency", "EUR"},
                        {"issue_date", "2026-10-01"}, {"due_date", "2026-10-31"}};
    if (!it.structured_reference.empty()) j["structured_reference"] = it.structured_reference;
    arr.push_back(std::move(j));
  }
  return arr.dump();
}

}  // namespace recon::testing
