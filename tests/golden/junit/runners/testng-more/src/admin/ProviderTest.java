package admin;

import org.testng.annotations.*;

public class ProviderTest {
  @DataProvider
  public Object[][] rows() { throw new IllegalStateException("provider failed"); }

  @Test(dataProvider = "rows")
  public void usesRows(String s) {}

  @Test
  public void flakyNot() {}
}
