#include "bench/generators.hpp"

#include <cstdint>
#include <cstdio>
#include <string_view>

namespace recon::bench {
namespace {

// splitmix64: a tiny PRNG whose output is the same on every platform and library,
// so that the benchmark files are too.
class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}
  uint64_t Next() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  size_t Below(size_t n) { return static_cast<size_t>(Next() % n); }
  bool Chance(int percent) { return Below(100) < static_cast<size_t>(percent); }

 private:
  uint64_t state_;
};

constexpr std::string_view kFirst[] = {"Nordic", "Fjord", "Aurora", "Birch", "Granite", "Harbor", "Linden",
                                       "Polar",  "Saga",  "Tundra", "Viking", "Alder",  "Cedar",  "Delta"};
constexpr std::string_view kSecond[] = {"Design", "Living", "Interiors", "Home",   "Trading",
                                        "Retail", "Studio", "Textiles",  "Lighting", "Objects"};
constexpr std::string_view kForms[] = {"AS", "AB", "GmbH", "ApS", "Oy", "Ltd", "BV", "SA"};
constexpr std::string_view kNoise[] = {"Bank fee November", "Salary payment", "Interest", "Card settlement VISA",
                                       "Rent office Oslo",  "Tax deduction",  "Transfer to savings"};

template <size_t N>
std::string_view Pick(Rng& rng, const std::string_view (&list)[N]) {
  return list[rng.Below(N)];
}

// One statement line's content, independent of the format.
struct Line {
  int64_t cents = 0;  // signed: + money in
  std::string name;
  std::string iban;
  std::string e2e;    // "" = none
  std::string ustrd;  // "" = none
  std::string strd;   // "" = none
  std::string reference;
};

std::string Digits(Rng& rng, int count) {
  std::string s;
  for (int i = 0; i < count; ++i) s += static_cast<char>('0' + rng.Below(10));
  return s;
}

Line MakeLine(Rng& rng, size_t index) {
  Line l;
  const bool noise = rng.Chance(10);
  l.cents = static_cast<int64_t>(500 + rng.Below(2'500'000));
  if (noise && rng.Chance(80)) l.cents = -l.cents;
  l.name = std::string(Pick(rng, kFirst)) + " " + std::string(Pick(rng, kSecond)) + " " + std::string(Pick(rng, kForms));
  l.iban = "NO" + Digits(rng, 13);
  char ref[32];
  std::snprintf(ref, sizeof ref, "2026112001%07zu", index + 1);
  l.reference = ref;
  if (rng.Chance(70)) l.e2e = "E2E" + l.reference;
  if (noise) {
    l.ustrd = Pick(rng, kNoise);
  } else if (rng.Chance(40)) {
    l.strd = "RF18" + Digits(rng, 9);
  } else {
    l.ustrd = "Invoice 2026-" + Digits(rng, 6) + " thank you for your order";
  }
  return l;
}

std::string Money(int64_t cents, char point) {
  const int64_t a = cents < 0 ? -cents : cents;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%lld%c%02lld", static_cast<long long>(a / 100), point,
                static_cast<long long>(a % 100));
  return buf;
}

std::string Escape(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '&') out += "&amp;";
    else if (c == '<') out += "&lt;";
    else out += c;
  }
  return out;
}

constexpr uint64_t kSeed = 20261120;

}  // namespace

std::string GenerateCamt053(size_t lines, bool indented) {
  Rng rng(kSeed);
  std::string out;
  out.reserve(lines * (indented ? 1500 : 750) + 1024);
  const char* nl = indented ? "\n" : "";
  // `In(depth)` writes the indentation of one element line when indenting.
  auto in = [&](int depth) {
    if (indented) out.append(static_cast<size_t>(depth) * 2, ' ');
  };
  auto leaf = [&](int depth, std::string_view tag, std::string_view text) {
    in(depth);
    out += '<';
    out += tag;
    out += '>';
    out += text;
    out += "</";
    out += tag;
    out += '>';
    out += nl;
  };
  auto open = [&](int depth, std::string_view tag) {
    in(depth);
    out += '<';
    out += tag;
    out += '>';
    out += nl;
  };
  auto close = [&](int depth, std::string_view tag) {
    in(depth);
    out += "</";
    out += tag;
    out += '>';
    out += nl;
  };
  out += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.08\">\n<BkToCstmrStmt>\n";
  out += "<GrpHdr><MsgId>MSG2026112001</MsgId><CreDtTm>2026-11-20T06:00:00Z</CreDtTm></GrpHdr>\n";
  out += "<Stmt><Id>STMT20261120</Id><ElctrncSeqNb>1</ElctrncSeqNb><CreDtTm>2026-11-20T06:00:00Z</CreDtTm>\n";
  out += "<Acct><Id><IBAN>NO9386011117947</IBAN></Id><Ccy>EUR</Ccy><Ownr><Nm>Lindqvist Interi\xC3\xB8r AS</Nm></Ownr></Acct>\n";
  std::string body;
  int64_t total = 0;
  for (size_t i = 0; i < lines; ++i) {
    const Line l = MakeLine(rng, i);
    total += l.cents;
    const bool credit = l.cents >= 0;
    const std::string amount = Money(l.cents, '.');
    open(0, "Ntry");
    in(1);
    out += "<Amt Ccy=\"EUR\">" + amount + "</Amt>" + nl;
    leaf(1, "CdtDbtInd", credit ? "CRDT" : "DBIT");
    open(1, "Sts");
    leaf(2, "Cd", "BOOK");
    close(1, "Sts");
    open(1, "BookgDt");
    leaf(2, "Dt", "2026-11-20");
    close(1, "BookgDt");
    open(1, "ValDt");
    leaf(2, "Dt", "2026-11-20");
    close(1, "ValDt");
    leaf(1, "AcctSvcrRef", l.reference);
    open(1, "BkTxCd");
    open(2, "Domn");
    leaf(3, "Cd", "PMNT");
    open(3, "Fmly");
    leaf(4, "Cd", credit ? "RCDT" : "ICDT");
    leaf(4, "SubFmlyCd", "ESCT");
    close(3, "Fmly");
    close(2, "Domn");
    close(1, "BkTxCd");
    open(1, "NtryDtls");
    open(2, "TxDtls");
    open(3, "Refs");
    leaf(4, "AcctSvcrRef", l.reference);
    leaf(4, "EndToEndId", l.e2e.empty() ? "NOTPROVIDED" : l.e2e);
    close(3, "Refs");
    in(3);
    out += "<Amt Ccy=\"EUR\">" + amount + "</Amt>" + nl;
    leaf(3, "CdtDbtInd", credit ? "CRDT" : "DBIT");
    const char* party = credit ? "Dbtr" : "Cdtr";
    open(3, "RltdPties");
    open(4, party);
    open(5, "Pty");
    leaf(6, "Nm", Escape(l.name));
    close(5, "Pty");
    close(4, party);
    open(4, std::string(party) + "Acct");
    open(5, "Id");
    leaf(6, "IBAN", l.iban);
    close(5, "Id");
    close(4, std::string(party) + "Acct");
    close(3, "RltdPties");
    open(3, "RmtInf");
    if (!l.ustrd.empty()) leaf(4, "Ustrd", Escape(l.ustrd));
    if (!l.strd.empty()) {
      open(4, "Strd");
      open(5, "CdtrRefInf");
      open(6, "Tp");
      open(7, "CdOrPrtry");
      leaf(8, "Cd", "SCOR");
      close(7, "CdOrPrtry");
      close(6, "Tp");
      leaf(6, "Ref", l.strd);
      close(5, "CdtrRefInf");
      close(4, "Strd");
    }
    close(3, "RmtInf");
    close(2, "TxDtls");
    close(1, "NtryDtls");
    close(0, "Ntry");
    if (!indented) out += '\n';
  }
  // Balances come before the entries in camt; they are spliced in here once the total is known.
  const int64_t opening = 100'000'000;
  const int64_t closing = opening + total;
  std::string balances;
  for (const auto& [code, cents] : {std::pair<const char*, int64_t>{"OPBD", opening}, {"CLBD", closing}}) {
    balances += std::string("<Bal><Tp><CdOrPrtry><Cd>") + code + "</Cd></CdOrPrtry></Tp><Amt Ccy=\"EUR\">" +
                Money(cents, '.') + "</Amt><CdtDbtInd>" + (cents >= 0 ? "CRDT" : "DBIT") +
                "</CdtDbtInd><Dt><Dt>2026-11-20</Dt></Dt></Bal>\n";
  }
  const size_t after_account = out.find("</Acct>\n") + 8;
  out.insert(after_account, balances);
  out += "</Stmt>\n</BkToCstmrStmt>\n</Document>\n";
  return out;
}

std::string GenerateMt940(size_t lines) {
  Rng rng(kSeed);
  std::string out;
  out.reserve(lines * 260 + 256);
  out += ":20:STMT20261120\r\n:25:NO9386011117947\r\n:28C:1/1\r\n:60F:C261120EUR1000000,00\r\n";
  int64_t total = 0;
  for (size_t i = 0; i < lines; ++i) {
    const Line l = MakeLine(rng, i);
    total += l.cents;
    out += ":61:2611201120" + std::string(l.cents >= 0 ? "C" : "D") + Money(l.cents, ',') + "NTRFNONREF//" +
           l.reference + "\r\n";
    std::string text;
    if (!l.e2e.empty()) text += "/EREF/" + l.e2e;
    text += "/IBAN/" + l.iban + "/NAME/" + l.name;
    if (!l.strd.empty()) text += "/CDTRREF/" + l.strd;
    if (!l.ustrd.empty()) text += "/REMI/" + l.ustrd;
    out += ":86:";
    for (size_t at = 0, n = 0; at < text.size() && n < 6; at += 65, ++n) {
      if (n > 0) out += "\r\n";
      out += text.substr(at, 65);
    }
    out += "\r\n";
  }
  const int64_t closing = 100'000'000 + total;
  out += ":62F:" + std::string(closing >= 0 ? "C" : "D") + "261120EUR" + Money(closing, ',') + "\r\n-\r\n";
  return out;
}

std::string GenerateOfx(size_t lines) {
  Rng rng(kSeed);
  std::string out;
  out.reserve(lines * 260 + 1024);
  out +=
      "OFXHEADER:100\r\nDATA:OFXSGML\r\nVERSION:102\r\nSECURITY:NONE\r\nENCODING:USASCII\r\nCHARSET:1252\r\n"
      "COMPRESSION:NONE\r\nOLDFILEUID:NONE\r\nNEWFILEUID:NONE\r\n\r\n"
      "<OFX>\r\n<SIGNONMSGSRSV1><SONRS><STATUS><CODE>0<SEVERITY>INFO</STATUS><DTSERVER>20261120060000"
      "<LANGUAGE>ENG</SONRS></SIGNONMSGSRSV1>\r\n<BANKMSGSRSV1><STMTTRNRS><TRNUID>1<STATUS><CODE>0<SEVERITY>INFO"
      "</STATUS>\r\n<STMTRS><CURDEF>EUR<BANKACCTFROM><BANKID>8601<ACCTID>86011117947<ACCTTYPE>CHECKING"
      "</BANKACCTFROM>\r\n<BANKTRANLIST><DTSTART>20261120<DTEND>20261120\r\n";
  int64_t total = 0;
  for (size_t i = 0; i < lines; ++i) {
    const Line l = MakeLine(rng, i);
    total += l.cents;
    out += "<STMTTRN>\r\n<TRNTYPE>" + std::string(l.cents >= 0 ? "CREDIT" : "DEBIT") +
           "\r\n<DTPOSTED>20261120120000[0:GMT]\r\n<TRNAMT>" + std::string(l.cents < 0 ? "-" : "") +
           Money(l.cents, '.') + "\r\n<FITID>" + l.reference + "\r\n<NAME>" + Escape(l.name.substr(0, 32)) +
           "\r\n<MEMO>" + Escape(l.ustrd.empty() ? l.strd : l.ustrd) + "\r\n</STMTTRN>\r\n";
  }
  const int64_t closing = 100'000'000 + total;
  out += "</BANKTRANLIST>\r\n<LEDGERBAL><BALAMT>" + std::string(closing < 0 ? "-" : "") + Money(closing, '.') +
         "<DTASOF>20261120</LEDGERBAL>\r\n</STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>\r\n";
  return out;
}

std::string GenerateCsv(size_t lines) {
  Rng rng(kSeed);
  std::string out;
  out.reserve(lines * 160 + 256);
  out += "booking_date;value_date;amount;currency;counterparty_name;counterparty_iban;reference;text\r\n";
  for (size_t i = 0; i < lines; ++i) {
    const Line l = MakeLine(rng, i);
    out += "2026-11-20;2026-11-20;" + std::string(l.cents < 0 ? "-" : "") + Money(l.cents, '.') + ";EUR;" + l.name +
           ";" + l.iban + ";" + l.reference + ";" + (l.ustrd.empty() ? l.strd : l.ustrd) + "\r\n";
  }
  return out;
}

}  // namespace recon::bench
