package dev.medic.browser;

import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives each test a fresh headless {@link Browser}, and saves what it shows at the end of the test
 * (passed or failed) to {@code target/screenshots/<test>.png}. Without Chromium or chromedriver the
 * test is skipped, loudly; under {@code CI=true} it fails instead, since CI installs both.
 */
public final class WithChromium implements BeforeEachCallback, AfterTestExecutionCallback, AfterEachCallback,
    ParameterResolver {

  private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(WithChromium.class);

  @Override
  public void beforeEach(ExtensionContext context) throws Exception {
    if (!Browser.installed()) {
      String why = "browser test " + context.getDisplayName() + " needs " + Browser.CHROMIUM + " and "
          + Browser.CHROMEDRIVER + " (apt-get install chromium chromium-driver)";
      if ("true".equals(System.getenv("CI"))) {
        throw new IllegalStateException(why + "; CI must have them");
      }
      System.err.println("SKIPPED: " + why);
      Assumptions.abort(why);
    }
    context.getStore(NS).put(Browser.class, new Browser());
  }

  @Override
  public void afterTestExecution(ExtensionContext context) throws Exception {
    Browser browser = context.getStore(NS).get(Browser.class, Browser.class);
    if (browser != null) {
      Path file = Path.of("target", "screenshots", context.getRequiredTestMethod().getName() + ".png");
      try {
        browser.screenshot(file);
      } catch (Exception e) {
        // The test's own outcome matters more than its picture.
        System.err.println("no screenshot " + file + ": " + e);
      }
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    Browser browser = context.getStore(NS).remove(Browser.class, Browser.class);
    if (browser != null) {
      browser.close();
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == Browser.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return context.getStore(NS).get(Browser.class, Browser.class);
  }
}
