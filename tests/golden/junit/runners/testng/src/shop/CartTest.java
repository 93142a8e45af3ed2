package shop;

import org.testng.Assert;
import org.testng.SkipException;
import org.testng.annotations.DataProvider;
import org.testng.annotations.Test;

// A tiny TestNG suite: its junitreports/TEST-*.xml write every @DataProvider row with the
// method's name, so the rows share one name; testng-results.xml keeps each row's parameters.
public class CartTest {
  @DataProvider(name = "totals")
  public Object[][] totals() {
    return new Object[][] {
      { 1, 1 },
      { 2, 2 },
      { 3, 4 },                        // fails
      { 4, 4 },
    };
  }

  @Test(dataProvider = "totals")
  public void total(int items, int expected) {
    Assert.assertEquals(items, expected, "total of " + items + " items");
  }

  @DataProvider(name = "names")
  public Object[][] names() {
    return new Object[][] { { "Zoë" }, { "<&>\"'{}" } };
  }

  @Test(dataProvider = "names")
  public void greets(String name) {
    System.out.println("hello " + name);
  }

  @Test
  public void passes() {
  }

  @Test
  public void throwsError() {
    throw new IllegalStateException("cart is closed");
  }

  @Test
  public void skipsItself() {
    throw new SkipException("payment sandbox is down");
  }

  @Test(dependsOnMethods = "throwsError")
  public void dependsOnBroken() {
  }
}
