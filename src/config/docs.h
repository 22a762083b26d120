// Generates docs/configuration.md from the property registry, so the documentation always says
// what the parser accepts. A unit test compares the output with the checked-in file.
#pragma once

#include <string>

namespace rowcast::config {

// The whole Markdown document. Deterministic: the same registry gives the same bytes.
std::string GenerateConfigurationMarkdown();

}  // namespace rowcast::config
