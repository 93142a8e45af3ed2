package store;

import org.testng.IRetryAnalyzer;
import org.testng.ITestResult;
import org.testng.Reporter;
import org.testng.annotations.*;

public class OrderTest {
  public static class RetryTwice implements IRetryAnalyzer {
    private int count = 0;
    public boolean retry(ITestResult r) { return count++ < 2; }
  }

  private static int flakyRuns = 0;
  private static int alwaysRuns = 0;

  @BeforeMethod
  public void setUp(java.lang.reflect.Method m) {
    if (m.getName().equals("setUpFails")) throw new IllegalStateException("before method failed");
  }

  @AfterMethod
  public void tearDown(ITestResult r) {
    if (r.getMethod().getMethodName().equals("tearDownFails")) throw new IllegalStateException("after method failed");
  }

  @Test(retryAnalyzer = RetryTwice.class)
  public void flaky() {
    flakyRuns++;
    Reporter.log("flaky run " + flakyRuns);
    if (flakyRuns < 2) throw new AssertionError("fails on the first run");
  }

  @Test(retryAnalyzer = RetryTwice.class)
  public void alwaysFails() {
    alwaysRuns++;
    throw new AssertionError("run " + alwaysRuns + " fails");
  }

  @Test
  public void setUpFails() {}

  @Test
  public void tearDownFails() {}

  @Test
  public void afterTearDown() {}

  @Test(expectedExceptions = IllegalArgumentException.class)
  public void expectsException() { throw new IllegalArgumentException("expected"); }

  @Test(expectedExceptions = IllegalArgumentException.class)
  public void expectsExceptionButNone() {}

  @Test(timeOut = 100)
  public void timesOut() throws InterruptedException { Thread.sleep(2000); }

  @Test(invocationCount = 3)
  public void invokedThrice() {}

  @Test(enabled = false)
  public void disabled() {}

  @Test(dataProvider = "names", description = "greets people")
  public void greets(String name) {
    if (name.startsWith("<")) throw new AssertionError("bad name " + name);
  }

  @DataProvider
  public Object[][] names() { return new Object[][] { {"ünïcödé ✓"}, {"<&>\"'{}"}, {"plain"} }; }

  @Test
  public void bigOutput() {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < 50; i++) b.append("0123456789".repeat(10)).append('\n');
    Reporter.log(b.toString());
    System.out.println("stdout line");
  }
}
