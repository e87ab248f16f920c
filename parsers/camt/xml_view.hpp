// Namespace-blind navigation over a pugixml tree, with XML-path locations for errors.
//
// camt files come with and without namespace prefixes ("ns2:Stmt"); every lookup here
// compares local names only.
#pragma once

#include <pugixml.hpp>

#include <string>
#include <string_view>

namespace recon::camt {

// The local part of a qualified name: "ns2:Stmt" -> "Stmt".
std::string_view LocalName(const char* qualified);

// The first child element with the given local name, or an empty node.
pugi::xml_node Child(pugi::xml_node node, std::string_view local);

// Follows a path of local names separated by '/': Path(ntry, "BookgDt/Dt").
pugi::xml_node Path(pugi::xml_node node, std::string_view path);

// The trimmed text of the element at `path`, or "" when it is absent.
std::string_view Text(pugi::xml_node node, std::string_view path);

// Iterates child elements with a local name, counting them from 1 for locations.
template <class F>
void ForEachChild(pugi::xml_node node, std::string_view local, F&& f) {
  int index = 0;
  for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
    if (c.type() == pugi::node_element && LocalName(c.name()) == local) f(c, ++index);
  }
}

}  // namespace recon::camt
