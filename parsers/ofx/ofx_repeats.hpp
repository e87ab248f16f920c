// Elements that OFX allows once but a file repeats: a second TRNAMT in a transaction, a
// second LEDGERBAL in a statement, a second BANKACCTFROM. The tree keeps every element,
// so nothing is lost when it is read; what must never happen is that the reader takes the
// first and forgets the second without a word. Each repeat is handled by one of the
// rules below, chosen per element by the mapping (docs/parsers/ofx.md lists them):
//   - the same content twice is read once, with a warning;
//   - different content, where it decides the money (an amount, a currency, the account,
//     the transaction's id, which transaction a correction removes): the file is refused,
//     naming both places;
//   - different content elsewhere: the first is read and a warning names the second, or
//     (a balance) neither is read, since picking one could fake or hide a mismatch.
// Tolerated repeats are gathered per statement, so that a bank that repeats an element in
// every transaction gets one warning with a count rather than one per transaction.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "parsers/ofx/ofx_tree.hpp"
#include "recon/error.hpp"

namespace recon::ofx {

// What a second element of a name means when its content differs from the first's.
enum class Repeat {
  kRefuse,   // the file is refused
  kFirst,    // the first is read; the second is set aside with a warning
  kJoin,     // both are read (texts joined by the caller); a warning says so
  kNeither,  // neither is read; a warning says so
};

// True when two elements have the same name, text and children, recursively.
bool SameContent(const Tree& tree, const Node& a, const Node& b);

// Tolerated repeats of one statement, one warning per kind (parent, element, outcome).
class RepeatLog {
 public:
  // `second` repeats `first` in `parent`. `same`: their content is identical. `outcome`
  // says what was read ("the first is read"), for the warning.
  void Note(const Node& parent, const Node& first, const Node& second, bool same, std::string_view outcome);
  // Appends one warning per kind noted, in the order first noted, and forgets them.
  void Flush(const Tree& tree, std::vector<std::string>& warnings);

 private:
  struct Kind {
    std::string_view parent, name;
    bool same = false;
    std::string outcome;
    const Node* first = nullptr;  // the first instance noted, for its places and values
    const Node* second = nullptr;
    size_t count = 0;
  };
  std::vector<Kind> kinds_;
};

// The child of `parent` named `name`, which OFX allows once. Every later child of that
// name is compared with the first and handled by `repeat` (kJoin is for callers that
// gather the texts themselves; here it reads the first). `meaning` names what the element
// decides ("the transaction's amount") for the refusal. `set_aside` (when given) is set
// when the repeats differed and `repeat` is kNeither.
// Returns the first child (nullptr when there is none, or for kNeither when they differ);
// kMalformedFile at the second child for kRefuse when they differ.
Result<const Node*> OnlyChild(const Tree& tree, const Node& parent, std::string_view name, Repeat repeat,
                              std::string_view meaning, RepeatLog& log, bool* set_aside = nullptr);

// The refusal of a repeat that decides the money, at `second`.
Error RepeatRefused(const Tree& tree, const Node& parent, const Node& first, const Node& second,
                    std::string_view meaning);

}  // namespace recon::ofx
