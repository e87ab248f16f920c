#include "parsers/csv/statements.hpp"

#include <algorithm>
#include <cstring>
#include <unordered_map>
#include <utility>

#include "parsers/csv/balances.hpp"
#include "parsers/csv/layout.hpp"
#include "parsers/csv/mapper.hpp"
#include "parsers/csv/text.hpp"

namespace recon::csv {
namespace {

struct Group {
  Statement statement;
  RunningBalance running;
};

// Statements by (account, currency), in order of first appearance.
class Groups {
 public:
  // `expected_lines` is reserved for the first statement, the only one most files have:
  // growing the vector row by row would briefly hold it twice.
  explicit Groups(size_t expected_lines) : expected_lines_(expected_lines) {}

  Group& For(const StatementLine& line, const std::string& statement_id) {
    // Most files hold one account in one currency: check the last group before hashing.
    if (last_ < groups_.size() && Matches(groups_[last_], line)) return groups_[last_];
    std::string key = line.account;
    key += '\x1f';
    key += line.amount.currency.code();
    auto [it, inserted] = index_.try_emplace(std::move(key), groups_.size());
    if (inserted) {
      Group g;
      g.statement.account = line.account;
      g.statement.currency = std::string(line.amount.currency.code());
      g.statement.statement_id = statement_id;
      if (groups_.empty()) g.statement.lines.reserve(expected_lines_);
      groups_.push_back(std::move(g));
    }
    last_ = it->second;
    return groups_[last_];
  }

  std::vector<Group>& all() { return groups_; }

 private:
  static bool Matches(const Group& g, const StatementLine& line) {
    return g.statement.account == line.account && g.statement.currency == line.amount.currency.code();
  }

  size_t expected_lines_;
  std::vector<Group> groups_;
  std::unordered_map<std::string, size_t> index_;
  size_t last_ = 0;
};

// Lines of text: an upper bound of the rows, for Groups.
size_t CountLineEnds(std::string_view text) {
  size_t n = 1;
  for (const char* p = text.data(); (p = static_cast<const char*>(std::memchr(p, '\n', text.data() + text.size() - p)));
       ++p) {
    ++n;
  }
  return n;
}

// Counts the non-blank rows a reader has left, for skip_footer_rows.
Result<size_t> CountRows(Reader reader) {
  size_t rows = 0;
  Row row;
  for (;;) {
    auto more = reader.Next(row);
    if (!more) return more.take_error();
    if (!*more) return rows;
    if (!IsBlankRow(row.fields)) ++rows;
  }
}

std::string ColumnName(const Layout& layout, const Bound& bound) {
  if (bound.kind == Bound::Kind::kColumn && bound.index < layout.header.size() && !layout.header[bound.index].empty()) {
    return layout.header[bound.index];
  }
  return "column " + std::to_string(bound.index + 1);
}

// The rows after the header that are data: all of them, or all but the footer rows.
Result<size_t> DataRowsMax(const Layout& layout, const Profile& profile) {
  if (profile.skip_footer_rows == 0) return SIZE_MAX;
  auto rows = CountRows(layout.reader);
  if (!rows) return rows.take_error();
  if (*rows < profile.skip_footer_rows) {
    return MakeError(ErrorCode::kMalformedFile,
                     "the profile skips " + std::to_string(profile.skip_footer_rows) + " footer rows, but only " +
                         std::to_string(*rows) + " rows follow the header",
                     LineLocation(std::max<size_t>(layout.header_line, 1)));
  }
  return *rows - profile.skip_footer_rows;
}

// Reads every data row into `groups`. Rows that fail after the last transaction are kept
// in `trailing` when the profile skips such rows; a failing row with data after it, or a
// dated one, is the error.
Status ReadRows(Layout& layout, const Profile& profile, const ParseOptions& options, Groups& groups,
                std::vector<std::pair<size_t, Error>>& trailing) {
  auto rows_max = DataRowsMax(layout, profile);
  if (!rows_max) return rows_max.take_error();
  const LineMapper mapper(profile, layout);
  size_t rows = 0, lines = 0, data_rows = 0;
  Row row;
  MappedRow mapped;
  for (;;) {
    auto more = layout.reader.Next(row);
    if (!more) return more.take_error();
    if (!*more) break;
    if (IsBlankRow(row.fields)) continue;
    if (rows++ == *rows_max) break;
    if (Status s = mapper.Map(row, mapped); !s) {
      // Only rows after data can be a footer (a file whose first row fails is not read),
      // and only rows without a booking date: a dated row is a transaction with a fault.
      if (!profile.skip_trailing_non_data_rows || data_rows == 0 || mapper.HasBookingDate(row) ||
          trailing.size() == kTrailingRowsMax) {
        return trailing.empty() ? s.error() : trailing.front().second;
      }
      trailing.emplace_back(row.line, s.error());
      continue;
    }
    if (!trailing.empty()) return trailing.front().second;  // a bad row with data after it is no footer
    ++data_rows;
    if (mapped.skipped) continue;
    if (++lines > options.statement_lines_max) {
      return MakeError(ErrorCode::kLimitExceeded,
                       "the file has more than " + std::to_string(options.statement_lines_max) + " lines",
                       LineLocation(row.line));
    }
    Group& group = groups.For(mapped.line, mapped.statement_id);
    if (mapped.balance) {
      group.running.balances.push_back(*mapped.balance);
      group.running.line_numbers.push_back(row.line);
    }
    group.statement.lines.push_back(std::move(mapped.line));
  }
  return Status::Ok();
}

}  // namespace

Result<ParsedFile> ReadStatements(std::string_view text, const Profile& profile, const ParseOptions& options,
                                  const std::vector<std::string>& notes) {
  auto located = LocateAndBind(text, profile);
  if (!located) return located.take_error();
  Layout& layout = *located;
  layout.reader.set_header(&layout.header);
  Groups groups(std::min(CountLineEnds(text), options.statement_lines_max));
  std::vector<std::pair<size_t, Error>> trailing;
  if (Status s = ReadRows(layout, profile, options, groups, trailing); !s) return s.error();

  std::vector<std::string> warnings = notes;
  for (const auto& [line, e] : trailing) {
    warnings.push_back("line " + std::to_string(line) +
                       " was skipped as a footer: it does not read as a transaction (" + e.ToString() + ")");
  }
  ParsedFile file;
  file.format = "csv." + (profile.name.empty() ? std::string("auto") : profile.name);
  for (Group& g : groups.all()) {
    Statement& st = g.statement;
    // The first statement was reserved for the whole file; give back what others took.
    if (st.lines.capacity() > 2 * st.lines.size()) st.lines.shrink_to_fit();
    st.warnings = warnings;
    if (st.account.empty()) {
      st.warnings.push_back("the file names no account: the statement's account is empty");
    }
    if (layout.binding.balance.present()) {
      ApplyRunningBalance(st, g.running, profile.balance_kind, profile.row_order,
                          ColumnName(layout, layout.binding.balance));
    }
    CheckBalances(st);
    file.statements.push_back(std::move(st));
  }
  return file;
}

}  // namespace recon::csv
