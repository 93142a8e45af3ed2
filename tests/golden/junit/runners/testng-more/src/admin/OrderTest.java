package admin;

import org.testng.annotations.*;

public class OrderTest {
  @BeforeClass
  public void setUpClass() { throw new RuntimeException("class setup failed"); }

  @Test
  public void first() {}

  @Test
  public void second() {}
}
