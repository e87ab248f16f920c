// The file is checked in one pass, eight bytes at a time while they are plain printable
// ASCII (almost all of an MT940 file), byte by byte only around line ends and non-ASCII text.
#include "parsers/mt940/charset.hpp"

#include <cstdint>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "parsers/common/single_byte.hpp"

namespace recon::mt940 {
namespace {

constexpr uint64_t kHighBits = 0x8080808080808080ull;
constexpr uint64_t kLowBits = 0x7F7F7F7F7F7F7F7Full;
constexpr uint64_t kOnes = 0x0101010101010101ull;

// For a word of bytes below 0x80: the high bit of every byte that is zero. Exact per byte,
// since no sum here carries into the next byte.
uint64_t ZeroBytes(uint64_t v) { return ~(((v & kLowBits) + kLowBits) | v) & kHighBits; }

// For a word of bytes below 0x80: the high bit of every control byte (below 0x20 or DEL)
// other than TAB, LF and CR, the ones every line has.
uint64_t StrangeBytes(uint64_t w) {
  const uint64_t below_space = ~(w + 0x6060606060606060ull) & kHighBits;
  const uint64_t allowed = ZeroBytes(w ^ (kOnes * '\n')) | ZeroBytes(w ^ (kOnes * '\r')) | ZeroBytes(w ^ (kOnes * '\t'));
  return (below_space & ~allowed) | ZeroBytes(w ^ (kOnes * 0x7F));
}

constexpr unsigned char kStartOfHeading = 0x01;
constexpr unsigned char kEndOfText = 0x03;

bool IsForbiddenControl(unsigned char c) {
  return (c < 0x20 && c != '\t' && c != '\r' && c != '\n' && c != kStartOfHeading && c != kEndOfText) || c == 0x7F;
}

}  // namespace

CharsetCheck CheckCharset(std::string_view bytes) {
  CharsetCheck result;
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  const size_t n = bytes.size();
  size_t i = 0;
  while (i < n) {
#if defined(__SSE2__)
    // Sixteen bytes at a time where the CPU has SSE2 (every x86-64): bytes at or above 0x80 count
    // as below 0x20 in the signed comparison, so one mask catches non-ASCII and controls.
    if (i + 16 <= n) {
      const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
      const int odd = _mm_movemask_epi8(_mm_or_si128(_mm_cmplt_epi8(v, _mm_set1_epi8(0x20)),
                                                     _mm_cmpeq_epi8(v, _mm_set1_epi8(0x7F))));
      const int line_ends = _mm_movemask_epi8(_mm_or_si128(
          _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('\n')), _mm_cmpeq_epi8(v, _mm_set1_epi8('\r'))),
          _mm_cmpeq_epi8(v, _mm_set1_epi8('\t'))));
      if ((odd & ~line_ends) == 0) {
        i += 16;
        continue;
      }
    }
#endif
    if (i + 8 <= n) {
      uint64_t w;
      std::memcpy(&w, p + i, 8);
      // Eight ASCII bytes, printable or line ends: nothing to look at one by one.
      if ((w & kHighBits) == 0 && StrangeBytes(w) == 0) {
        i += 8;
        continue;
      }
    }
    // Byte by byte through this window (a UTF-8 sequence may end beyond it).
    const size_t window_end = i + 8 < n ? i + 8 : n;
    while (i < window_end) {
      const unsigned char c = p[i];
      if (c < 0x80) {
        if (IsForbiddenControl(c)) {
          result.control_at = i;
          return result;
        }
        if (c == kStartOfHeading || c == kEndOfText) result.framing = true;
        ++i;
        continue;
      }
      if (result.utf8) {
        const size_t len = parsers::Utf8SequenceLength(p + i, n - i);
        if (len > 0) {
          i += len;
          continue;
        }
        result.utf8 = false;
      }
      ++i;
    }
  }
  return result;
}

std::string Windows1252ToUtf8(std::string_view bytes) {
  return parsers::SingleByteToUtf8(bytes, parsers::SingleByteCharset::kWindows1252);
}

}  // namespace recon::mt940
