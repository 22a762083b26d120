#include "config/docs.h"

#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "config/registry.h"

namespace rowcast::config {
namespace {

TEST(ConfigurationDocsTest, CheckedInCopyIsUpToDate) {
  std::ifstream in(ROWCAST_SOURCE_DIR "/docs/configuration.md", std::ios::binary);
  std::stringstream checked_in;
  checked_in << in.rdbuf();
  EXPECT_TRUE(checked_in.str() == GenerateConfigurationMarkdown())
      << "docs/configuration.md is stale; regenerate it with "
         "build/ci/src/config/rowcast_config_docs > docs/configuration.md";
}

TEST(ConfigurationDocsTest, IsDeterministic) {
  EXPECT_EQ(GenerateConfigurationMarkdown(), GenerateConfigurationMarkdown());
}

TEST(ConfigurationDocsTest, ListsEveryPropertyAndOldName) {
  const std::string markdown = GenerateConfigurationMarkdown();
  for (const Property& p : AllProperties()) {
    EXPECT_NE(markdown.find("| `" + std::string(p.name) + "` |"), std::string::npos) << p.name;
    for (const Alias& a : p.aliases) {
      EXPECT_NE(markdown.find("`" + std::string(a.name) + "`"), std::string::npos) << a.name;
    }
  }
}

}  // namespace
}  // namespace rowcast::config
