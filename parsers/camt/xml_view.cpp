#include "parsers/camt/xml_view.hpp"

#include <cstring>

namespace recon::camt {

std::string_view LocalName(const char* qualified) {
  const char* colon = std::strchr(qualified, ':');
  return colon ? std::string_view(colon + 1) : std::string_view(qualified);
}

pugi::xml_node Child(pugi::xml_node node, std::string_view local) {
  for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
    if (c.type() == pugi::node_element && LocalName(c.name()) == local) return c;
  }
  return {};
}

pugi::xml_node Path(pugi::xml_node node, std::string_view path) {
  while (node && !path.empty()) {
    const size_t slash = path.find('/');
    node = Child(node, path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return node;
}

std::string_view Text(pugi::xml_node node, std::string_view path) {
  pugi::xml_node target = path.empty() ? node : Path(node, path);
  if (!target) return {};
  std::string_view text = target.child_value();
  while (!text.empty() && std::strchr(" \t\r\n", text.front())) text.remove_prefix(1);
  while (!text.empty() && std::strchr(" \t\r\n", text.back())) text.remove_suffix(1);
  return text;
}

}  // namespace recon::camt
