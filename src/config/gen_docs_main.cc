// Prints docs/configuration.md: build/ci/src/config/rowcast_config_docs > docs/configuration.md
#include <cstdio>
#include <string>

#include "config/docs.h"

int main() {
  const std::string markdown = rowcast::config::GenerateConfigurationMarkdown();
  if (std::fwrite(markdown.data(), 1, markdown.size(), stdout) != markdown.size()) return 1;
  return std::fflush(stdout) == 0 ? 0 : 1;
}
