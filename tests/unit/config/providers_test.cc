#include "config/providers.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace rowcast::config {
namespace {

namespace fs = std::filesystem;

using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::Pair;

using Props = std::vector<std::pair<std::string, std::string>>;
using Settings = std::map<std::string, std::string>;

constexpr std::string_view kFileClass =
    "org.apache.kafka.common.config.provider.FileConfigProvider";
constexpr std::string_view kEnvClass =
    "org.apache.kafka.common.config.provider.EnvVarConfigProvider";
constexpr std::string_view kDirClass =
    "org.apache.kafka.common.config.provider.DirectoryConfigProvider";

// A fresh directory under the test temp dir, removed at the end of the test.
class ProvidersTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    root_ = fs::path(::testing::TempDir()) / (std::string("providers_") + info->name());
    fs::remove_all(root_);
    fs::create_directories(root_ / "secrets");
    fs::create_directories(root_ / "secrets2");
    fs::create_directories(root_ / "elsewhere");
  }
  void TearDown() override { fs::remove_all(root_); }

  std::string Write(const std::string& relative, const std::string& content) {
    const fs::path path = root_ / relative;
    std::ofstream out(path, std::ios::binary);
    out << content;
    return path.string();
  }
  std::string Path(const std::string& relative) const { return (root_ / relative).string(); }

  static ConfigProviders Make(const Settings& settings) {
    StatusOr<ConfigProviders> p = MakeConfigProviders(settings);
    EXPECT_TRUE(p.has_value()) << p.error().ToString();
    return p.value_or(ConfigProviders{});
  }
  static Settings AllThree() {
    return {{"config.providers", "file,env,dir"},
            {"config.providers.file.class", std::string(kFileClass)},
            {"config.providers.env.class", std::string(kEnvClass)},
            {"config.providers.dir.class", std::string(kDirClass)}};
  }
  static std::string ErrorOf(const ConfigProviders& p, const Props& props) {
    StatusOr<Props> resolved = ResolveConfig(p, props);
    if (resolved.has_value()) return "<no error>";
    EXPECT_EQ(resolved.error().code(), StatusCode::kInvalidArgument);
    return resolved.error().message();
  }
  static Props Resolved(const ConfigProviders& p, const Props& props) {
    StatusOr<Props> resolved = ResolveConfig(p, props);
    EXPECT_TRUE(resolved.has_value()) << resolved.error().ToString();
    return resolved.value_or(Props{});
  }

  fs::path root_;
};

TEST_F(ProvidersTest, NoConfigProvidersMeansNone) {
  EXPECT_TRUE(Make({}).empty());
  EXPECT_TRUE(Make({{"config.providers.file.class", std::string(kFileClass)}}).empty());
}

TEST_F(ProvidersTest, BuildsTheThreeProvidersInOrder) {
  const ConfigProviders p = Make(AllThree());
  ASSERT_EQ(p.providers.size(), 3u);
  EXPECT_EQ(p.providers[0].alias, "file");
  EXPECT_EQ(p.providers[0].kind, ProviderKind::kFile);
  EXPECT_EQ(p.providers[1].kind, ProviderKind::kEnv);
  EXPECT_EQ(p.providers[2].kind, ProviderKind::kDirectory);
  EXPECT_EQ(p.Find("env"), &p.providers[1]);
  EXPECT_EQ(p.Find("vault"), nullptr);
}

TEST_F(ProvidersTest, AcceptsSimpleClassNamesAndAnyAlias) {
  const ConfigProviders p = Make({{"config.providers", " secrets "},
                                  {"config.providers.secrets.class", "FileConfigProvider"}});
  ASSERT_EQ(p.providers.size(), 1u);
  EXPECT_EQ(p.providers[0].alias, "secrets");
}

TEST_F(ProvidersTest, RejectsAnUnknownProviderClass) {
  StatusOr<ConfigProviders> p = MakeConfigProviders(
      {{"config.providers", "vault"},
       {"config.providers.vault.class", "io.confluent.csid.config.provider.vault.VaultProvider"}});
  ASSERT_FALSE(p.has_value());
  EXPECT_EQ(p.error().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(p.error().message(),
              AllOf(HasSubstr("config.providers.vault.class"), HasSubstr("VaultProvider"),
                    HasSubstr("FileConfigProvider")));
}

TEST_F(ProvidersTest, RejectsAnAliasWithoutClass) {
  StatusOr<ConfigProviders> p = MakeConfigProviders({{"config.providers", "file"}});
  ASSERT_FALSE(p.has_value());
  EXPECT_THAT(p.error().message(), HasSubstr("config.providers.file.class is not set"));
}

TEST_F(ProvidersTest, RejectsRelativeOrMissingAllowedPaths) {
  Settings s = AllThree();
  s["config.providers.file.param.allowed.paths"] = "relative/dir";
  StatusOr<ConfigProviders> p = MakeConfigProviders(s);
  ASSERT_FALSE(p.has_value());
  EXPECT_THAT(p.error().message(), HasSubstr("not an absolute path"));
  s["config.providers.file.param.allowed.paths"] = Path("missing");
  p = MakeConfigProviders(s);
  ASSERT_FALSE(p.has_value());
  EXPECT_THAT(p.error().message(), HasSubstr("does not exist"));
}

TEST_F(ProvidersTest, RejectsAnAllowlistPatternThatDoesNotCompile) {
  Settings s = AllThree();
  s["config.providers.env.param.allowlist.pattern"] = "DB_(";
  StatusOr<ConfigProviders> p = MakeConfigProviders(s);
  ASSERT_FALSE(p.has_value());
  EXPECT_THAT(p.error().message(), HasSubstr("allowlist.pattern"));
}

TEST_F(ProvidersTest, ResolvesAKeyOfAPropertiesFile) {
  const std::string file =
      Write("secrets/db.properties", "# db\ndb.password = s3cr3t!\nuser=cdc\n");
  const Props out =
      Resolved(Make(AllThree()), {{"database.password", "${file:" + file + ":db.password}"},
                                  {"database.user", "${file:" + file + ":user}"},
                                  {"database.hostname", "db1"}});
  EXPECT_THAT(out, ElementsAre(Pair("database.password", "s3cr3t!"), Pair("database.user", "cdc"),
                               Pair("database.hostname", "db1")));
}

TEST_F(ProvidersTest, ReplacesEveryReferenceInOneValue) {
  const std::string file = Write("secrets/a.properties", "host=db1\nport=3307\n");
  ::setenv("ROWCAST_PROVIDERS_TEST_DB", "shop", 1);
  const Props out =
      Resolved(Make(AllThree()), {{"url", "mysql://${file:" + file + ":host}:${file:" + file +
                                              ":port}/${env:ROWCAST_PROVIDERS_TEST_DB}?x=1"}});
  EXPECT_THAT(out, ElementsAre(Pair("url", "mysql://db1:3307/shop?x=1")));
}

TEST_F(ProvidersTest, ResolvesEnvironmentVariables) {
  ::setenv("ROWCAST_PROVIDERS_TEST_PW", "from-env", 1);
  EXPECT_THAT(
      Resolved(Make(AllThree()), {{"database.password", "${env:ROWCAST_PROVIDERS_TEST_PW}"}}),
      ElementsAre(Pair("database.password", "from-env")));
}

TEST_F(ProvidersTest, ResolvesAFileOfADirectoryWhole) {
  Write("secrets/db-password", "line1\nline2\n");
  EXPECT_THAT(Resolved(Make(AllThree()),
                       {{"database.password", "${dir:" + Path("secrets") + ":db-password}"}}),
              ElementsAre(Pair("database.password", "line1\nline2\n")));
}

TEST_F(ProvidersTest, DirectoryKeyMustBeAFileNameInTheDirectory) {
  Write("elsewhere/x", "secret-content");
  const std::string error = ErrorOf(
      Make(AllThree()), {{"database.password", "${dir:" + Path("secrets") + ":../elsewhere/x}"}});
  EXPECT_THAT(error, AllOf(HasSubstr("database.password"), HasSubstr("not a file name")));
  EXPECT_THAT(error, Not(HasSubstr("secret-content")));
}

TEST_F(ProvidersTest, ReferencesToAliasesNotEnabledStayAsWritten) {
  const Props in = {{"a", "${vault:secret/db:password}"}, {"b", "${nocolon}"}, {"c", "${env:"}};
  EXPECT_EQ(Resolved(Make(AllThree()), in), in);
  EXPECT_EQ(Resolved(ConfigProviders{}, {{"d", "${env:HOME}"}}), (Props{{"d", "${env:HOME}"}}));
}

TEST_F(ProvidersTest, ProviderSettingsThemselvesAreNotResolved) {
  const Props in = {{"config.providers.file.param.allowed.paths", "${env:HOME}"}};
  EXPECT_EQ(Resolved(Make(AllThree()), in), in);
}

TEST_F(ProvidersTest, MissingFileNamesPropertyAndReference) {
  const std::string ref = "${file:" + Path("secrets/none.properties") + ":pw}";
  const std::string error = ErrorOf(Make(AllThree()), {{"database.password", ref}});
  EXPECT_THAT(error, AllOf(HasSubstr("database.password"), HasSubstr(ref),
                           HasSubstr("No such file or directory")));
}

TEST_F(ProvidersTest, MissingKeyIsAnErrorThatShowsNoValueOfTheFile) {
  const std::string file = Write("secrets/db.properties", "db.password=topsecret-value\n");
  const std::string ref = "${file:" + file + ":db.pasword}";
  const std::string error = ErrorOf(Make(AllThree()), {{"database.password", ref}});
  EXPECT_THAT(error, AllOf(HasSubstr("database.password"), HasSubstr(ref), HasSubstr("no key")));
  EXPECT_THAT(error, Not(HasSubstr("topsecret-value")));
}

TEST_F(ProvidersTest, UnsetVariableIsAnError) {
  ::unsetenv("ROWCAST_PROVIDERS_TEST_UNSET");
  const std::string error =
      ErrorOf(Make(AllThree()), {{"database.password", "${env:ROWCAST_PROVIDERS_TEST_UNSET}"}});
  EXPECT_THAT(error, AllOf(HasSubstr("database.password"),
                           HasSubstr("${env:ROWCAST_PROVIDERS_TEST_UNSET}"), HasSubstr("not set")));
}

TEST_F(ProvidersTest, EnvProviderTakesNoPath) {
  EXPECT_THAT(ErrorOf(Make(AllThree()), {{"x", "${env:/etc:HOME}"}}), HasSubstr("takes no path"));
}

TEST_F(ProvidersTest, AllowlistPatternRefusesOtherVariables) {
  ::setenv("ROWCAST_PROVIDERS_TEST_OTHER", "visible-value", 1);
  ::setenv("DB_PROVIDERS_TEST", "ok", 1);
  Settings s = AllThree();
  s["config.providers.env.param.allowlist.pattern"] = "DB_.*";
  const ConfigProviders p = Make(s);
  EXPECT_THAT(Resolved(p, {{"x", "${env:DB_PROVIDERS_TEST}"}}), ElementsAre(Pair("x", "ok")));
  const std::string error = ErrorOf(p, {{"x", "${env:ROWCAST_PROVIDERS_TEST_OTHER}"}});
  EXPECT_THAT(error, HasSubstr("does not match config.providers.env.param.allowlist.pattern"));
  EXPECT_THAT(error, Not(HasSubstr("visible-value")));
}

TEST_F(ProvidersTest, AllowedPathsRefuseFilesOutside) {
  const std::string inside = Write("secrets/a.properties", "k=in\n");
  const std::string outside = Write("elsewhere/a.properties", "k=out-secret\n");
  const std::string sibling = Write("secrets2/a.properties", "k=sibling\n");
  Settings s = AllThree();
  s["config.providers.file.param.allowed.paths"] = Path("secrets") + "/";
  s["config.providers.dir.param.allowed.paths"] = Path("secrets");
  const ConfigProviders p = Make(s);
  EXPECT_THAT(Resolved(p, {{"x", "${file:" + inside + ":k}"}}), ElementsAre(Pair("x", "in")));
  for (const std::string& path : {outside, sibling, Path("secrets") + "/../elsewhere/a.properties",
                                  std::string("a.properties")}) {
    const std::string error = ErrorOf(p, {{"x", "${file:" + path + ":k}"}});
    EXPECT_THAT(error, AllOf(HasSubstr("outside config.providers.file.param.allowed.paths"),
                             Not(HasSubstr("out-secret")), Not(HasSubstr("sibling\n"))))
        << path;
  }
  EXPECT_THAT(ErrorOf(p, {{"x", "${dir:" + Path("elsewhere") + ":a.properties}"}}),
              HasSubstr("outside config.providers.dir.param.allowed.paths"));
}

TEST_F(ProvidersTest, AllowedPathsRefuseSymlinksLeadingOutside) {
  Write("elsewhere/a.properties", "k=out\n");
  fs::create_symlink(Path("elsewhere/a.properties"), Path("secrets/link.properties"));
  Settings s = AllThree();
  s["config.providers.file.param.allowed.paths"] = Path("secrets");
  EXPECT_THAT(ErrorOf(Make(s), {{"x", "${file:" + Path("secrets/link.properties") + ":k}"}}),
              HasSubstr("outside"));
}

TEST_F(ProvidersTest, IsProviderReferenceMeansTheWholeValue) {
  EXPECT_TRUE(IsProviderReference("${file:/etc/x.properties:pw}"));
  EXPECT_TRUE(IsProviderReference("${env:DB_PASSWORD}"));
  EXPECT_FALSE(IsProviderReference("x${env:DB_PASSWORD}"));
  EXPECT_FALSE(IsProviderReference("${env:A}${env:B}"));
  EXPECT_FALSE(IsProviderReference("${nocolon}"));
  EXPECT_FALSE(IsProviderReference("hunter2"));
  EXPECT_FALSE(IsProviderReference(""));
}

TEST_F(ProvidersTest, MaskSecretsHidesSecretValuesButNotReferences) {
  const Props masked = MaskSecrets({{"database.password", "hunter2"},
                                    {"database.user", "cdc"},
                                    {"database.history.producer.sasl.jaas.config", "x required;"},
                                    {"database.ssl.keystore.password", "${env:KS_PW}"},
                                    {"rowcast.rest.auth.bearer.token", "tok"}});
  EXPECT_THAT(masked,
              ElementsAre(Pair("database.password", "[hidden]"), Pair("database.user", "cdc"),
                          Pair("database.history.producer.sasl.jaas.config", "[hidden]"),
                          Pair("database.ssl.keystore.password", "${env:KS_PW}"),
                          Pair("rowcast.rest.auth.bearer.token", "[hidden]")));
}

}  // namespace
}  // namespace rowcast::config
