#include "sim/scenario/junit.h"

#include <fmt/format.h>

namespace snapsim::scenario {

std::string XmlEscape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (unsigned char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      case '\t':
      case '\n': out += static_cast<char>(c); break;
      case '\r': out += "&#13;"; break;
      default:
        if (c < 0x20) {
          out += "\xEF\xBF\xBD";  // U+FFFD: not allowed in XML 1.0
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out;
}

std::string JUnitXml(const SuiteResult& suite) {
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += fmt::format("<testsuite name=\"snapsim\" tests=\"{}\" failures=\"{}\" errors=\"0\" "
                     "skipped=\"0\">\n",
                     suite.cases.size(), suite.failed);
  for (const auto& c : suite.cases) {
    const ScenarioResult& r = c.result;
    out += fmt::format("  <testcase name=\"{}\" classname=\"{}\" file=\"{}\"", XmlEscape(r.name),
                       XmlEscape(c.file.classname), XmlEscape(c.file.path));
    if (r.passed) {
      out += fmt::format(">\n    <system-out>{}</system-out>\n  </testcase>\n",
                         XmlEscape(r.transcript));
      continue;
    }
    std::string message;
    const char* type = r.load_error ? "LoadError" : "ScenarioFailure";
    if (r.failure) {
      message = r.failure->summary.substr(0, r.failure->summary.find('\n'));
      if (r.failure->step > 0) {
        message = fmt::format("step {} ({}): {}", r.failure->step, r.failure->location, message);
      }
    }
    out += fmt::format(">\n    <failure message=\"{}\" type=\"{}\">{}</failure>\n  </testcase>\n",
                       XmlEscape(message), type, XmlEscape(r.Text()));
  }
  out += "</testsuite>\n";
  return out;
}

}  // namespace snapsim::scenario
