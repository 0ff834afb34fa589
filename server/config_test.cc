#include "server/config.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "server/build_info.h"
#include "server/server.h"

namespace motcua::services {
namespace {

// A stand-in for motcuad's flags, one of each kind.
struct Flags {
  std::string listen = "127.0.0.1:50051";
  int max_queue = 20000;
  double hours = 8;
  std::vector<std::string> proxies;
  bool plaintext = false;
  std::string notify = "-";
};

class ConfigTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("motcua-config-test-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string Write(const std::string& text) {
    const std::string path = (dir_ / "motcuad.toml").string();
    std::ofstream(path) << text;
    return path;
  }

  // Parses `args` (after the program name) with the file; the error
  // message Exit would print, or "" when it parsed.
  std::string Parse(std::vector<std::string> args) {
    app_ = std::make_unique<CLI::App>("test");
    app_->add_option("--listen", flags_.listen)->capture_default_str();
    app_->add_option("--max-queue", flags_.max_queue)
        ->check(CLI::Range(1, 10'000'000));
    app_->add_option("--due-soon-working-hours", flags_.hours)
        ->check(CLI::Range(0.0, 10000.0));
    app_->add_option("--trusted-proxy", flags_.proxies)
        ->allow_extra_args(false);
    app_->add_flag("--allow-plaintext", flags_.plaintext);
    app_->add_option("--notify-file", flags_.notify);
    AddOperationFlags(*app_, ops_);
    std::vector<const char*> argv = {"motcuad"};
    for (const std::string& a : args) argv.push_back(a.c_str());
    config_ = std::make_unique<ConfigFile>(*app_, static_cast<int>(argv.size()),
                                           argv.data());
    try {
      app_->parse(static_cast<int>(argv.size()), argv.data());
    } catch (const CLI::ParseError& e) {
      EXPECT_NE(e.get_exit_code(), 0);
      return config_->Annotate(e.what());
    }
    return "";
  }

  std::filesystem::path dir_;
  Flags flags_;
  OperationFlags ops_;
  std::unique_ptr<CLI::App> app_;
  std::unique_ptr<ConfigFile> config_;
};

TEST_F(ConfigTest, EveryKindOfFlagIsReadFromTheFile) {
  const std::string path = Write(R"(# motcuad
listen = "0.0.0.0:6000"   # a comment
max-queue = 500
due-soon-working-hours = 2.5
trusted-proxy = ["10.0.5.10", "10.1.0.0/16"]
allow-plaintext = true
notify-file = ""
log-format = "json"
log-level = "warn"
)");
  EXPECT_EQ(Parse({"--config", path}), "");
  EXPECT_EQ(flags_.listen, "0.0.0.0:6000");
  EXPECT_EQ(flags_.max_queue, 500);
  EXPECT_DOUBLE_EQ(flags_.hours, 2.5);
  EXPECT_EQ(flags_.proxies,
            (std::vector<std::string>{"10.0.5.10", "10.1.0.0/16"}));
  EXPECT_TRUE(flags_.plaintext);
  EXPECT_EQ(flags_.notify, "");
  EXPECT_EQ(ops_.log_format, "json");
  EXPECT_EQ(ops_.log_level, "warn");
}

TEST_F(ConfigTest, FlagsOnTheCommandLineWin) {
  const std::string path = Write(
      "listen = \"0.0.0.0:6000\"\nmax-queue = 500\n"
      "trusted-proxy = [\"10.0.5.10\"]\nallow-plaintext = true\n");
  EXPECT_EQ(Parse({"--max-queue", "7", "--config", path, "--trusted-proxy",
                   "10.9.9.9", "--listen=127.0.0.1:1"}),
            "");
  EXPECT_EQ(flags_.max_queue, 7);
  EXPECT_EQ(flags_.listen, "127.0.0.1:1");
  EXPECT_EQ(flags_.proxies, std::vector<std::string>{"10.9.9.9"});
  EXPECT_TRUE(flags_.plaintext);  // from the file
}

TEST_F(ConfigTest, WithoutAFileTheDefaultsStand) {
  EXPECT_EQ(Parse({}), "");
  EXPECT_EQ(flags_.listen, "127.0.0.1:50051");
  EXPECT_EQ(ops_.log_format, "text");
}

TEST_F(ConfigTest, UnknownKeysAreNamedWithTheirLine) {
  const std::string path = Write("listen = \"127.0.0.1:1\"\n\nmax-qeueu = 5\n");
  EXPECT_EQ(Parse({"--config", path}),
            path +
                ":3: \"max-qeueu\": unknown key (the keys are motcuad's flags "
                "without the dashes; motcuad --help lists them)");
}

TEST_F(ConfigTest, WrongTypesAreNamedWithTheirLine) {
  const struct {
    std::string text;
    std::string expected;
  } cases[] = {
      {"max-queue = \"500\"", ":1: \"max-queue\": expected an integer"},
      {"max-queue = 5.5", ":1: \"max-queue\": expected an integer"},
      {"listen = 5", ":1: \"listen\": expected a string"},
      {"allow-plaintext = \"yes\"", ":1: \"allow-plaintext\": expected true"},
      {"trusted-proxy = [1]", ":1: \"trusted-proxy\": expected strings"},
      {"listen = [\"a\"]", ":1: \"listen\": expected one value"},
      {"due-soon-working-hours = \"x\"",
       ":1: \"due-soon-working-hours\": expected a number"},
      {"[tls]\ncert = \"a\"", ":1: \"tls\": tables and dotted keys"},
      {"config = \"other.toml\"", ":1: \"config\": a command-line option"},
      {"version = true", ":1: \"version\": a command-line option"},
      {"listen = \n", ":1: not TOML: "},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.text);
    const std::string path = Write(c.text + "\n");
    const std::string error = Parse({"--config", path});
    EXPECT_EQ(error.rfind(path + c.expected, 0), 0u) << error;
  }
}

TEST_F(ConfigTest, BadValuesAreNamedWithTheirLine) {
  const std::string path = Write("# limits\nmax-queue = 0\n");
  const std::string error = Parse({"--config", path});
  EXPECT_EQ(error.rfind(path + ":2: max-queue", 0), 0u) << error;
  EXPECT_NE(error.find("not in range"), std::string::npos) << error;
  const std::string format = Write("log-format = \"xml\"\n");
  const std::string bad_format = Parse({"--config", format});
  EXPECT_EQ(bad_format.rfind(format + ":1: log-format", 0), 0u) << bad_format;
}

TEST_F(ConfigTest, ABadValueOnTheCommandLineIsNamedByItsFlag) {
  const std::string path = Write("max-queue = 5\n");
  const std::string error = Parse({"--config", path, "--max-queue", "0"});
  EXPECT_EQ(error.rfind("--max-queue", 0), 0u) << error;
}

TEST_F(ConfigTest, AMissingFileIsAnError) {
  EXPECT_NE(Parse({"--config", (dir_ / "missing.toml").string()}), "");
}

TEST_F(ConfigTest, ExitCodesAreTwoForErrorsAndZeroForHelp) {
  const std::string path = Write("nope = 1\n");
  CLI::App app("test");
  std::vector<const char*> argv = {"motcuad", "--config", path.c_str()};
  ConfigFile config(app, 3, argv.data());
  try {
    app.parse(3, argv.data());
    FAIL() << "parsed";
  } catch (const CLI::ParseError& e) {
    EXPECT_EQ(config.Exit(e), kConfigErrorExit);
  }
}

TEST_F(ConfigTest, CheckServerOptionsNamesTheFlag) {
  ServerOptions options;
  options.calendars_dir = MOTCUA_SOURCE_DIR "/deploy/calendars";
  options.catalogue_dir = MOTCUA_SOURCE_DIR "/deploy/catalogue";
  options.postal_statuses =
      MOTCUA_SOURCE_DIR "/deploy/postal/carrier_statuses.json";
  EXPECT_TRUE(CheckServerOptions(options).ok());

  ServerOptions bad_listen = options;
  bad_listen.listen = "127.0.0.1";
  EXPECT_EQ(
      CheckServerOptions(bad_listen).error().message.rfind("--listen: ", 0),
      0u);
  ServerOptions off_loopback = options;
  off_loopback.listen = "0.0.0.0:50051";
  EXPECT_EQ(
      CheckServerOptions(off_loopback).error().message.rfind("--listen", 0),
      0u);
  // Every listener, the HTTP ones included, under the same two rules.
  for (std::string ServerOptions::*listener :
       {&ServerOptions::admin_listen, &ServerOptions::postal_listen,
        &ServerOptions::http_listen, &ServerOptions::metrics_listen}) {
    ServerOptions wide = options;
    wide.*listener = "0.0.0.0:0";
    const engine::Status refused = CheckServerOptions(wide);
    ASSERT_FALSE(refused.ok());
    EXPECT_NE(refused.error().message.find("0.0.0.0:0: refusing to serve "
                                           "plaintext"),
              std::string::npos)
        << refused.error().message;
    wide.allow_plaintext = true;
    wide.postal_secrets = "unused";  // only checked by Server::Start
    EXPECT_EQ(CheckListeners(wide).ok(), true);
    ServerOptions malformed = options;
    malformed.*listener = "9464";
    EXPECT_NE(CheckListeners(malformed).error().message.find(
                  ": expected HOST:PORT, got "),
              std::string::npos);
  }
  ServerOptions no_calendars = options;
  no_calendars.calendars_dir = (dir_ / "none").string();
  EXPECT_EQ(CheckServerOptions(no_calendars)
                .error()
                .message.rfind("--calendars: ", 0),
            0u);
  ServerOptions bad_proxy = options;
  bad_proxy.trusted_proxies = {"portal"};
  EXPECT_FALSE(CheckServerOptions(bad_proxy).ok());
  ServerOptions postal = options;
  postal.postal_listen = "127.0.0.1:0";
  EXPECT_EQ(
      CheckServerOptions(postal).error().message.rfind("--postal-secrets: ", 0),
      0u);
}

TEST(BuildInfoTest, NamesTheVersionAndTheLibraries) {
  const std::string info = BuildInfo();
  EXPECT_EQ(info.rfind("motcuad ", 0), 0u) << info;
  for (const char* library :
       {"gRPC", "protobuf", "RocksDB", "Boost", "OpenSSL", "toml++"}) {
    EXPECT_NE(info.find("  " + std::string(library) + " "), std::string::npos)
        << library;
  }
}

}  // namespace
}  // namespace motcua::services
