// Tiny NUnit 2.6 suite: every outcome nunit-console can write in its TestResult.xml.
// Built and run by regenerate.sh; the tests fail, error and skip on purpose.
using System;
using System.Collections;
using NUnit.Framework;

namespace Shop.Tests
{
    [TestFixture]
    [Category("cart")]
    [Description("The shopping cart")]
    public class CartTests
    {
        [Test]
        [Description("An empty cart costs nothing")]
        [Property("Severity", "critical")]
        [Property("Owner", "alice")]
        [Property("ticket", "SHOP-12")]
        public void EmptyCartTotalIsZero()
        {
            Console.WriteLine("cart: total computed");
            Console.Error.WriteLine("cart: to stderr");
            Assert.AreEqual(0, 0);
        }

        [Test]
        [Category("slow")]
        public void AddsTax()
        {
            Assert.AreEqual(107, 100 + 8, "tax is 7%");
        }

        [Test]
        public void ThrowsOnNegativeQuantity()
        {
            throw new InvalidOperationException("quantity must be positive");
        }

        [Test]
        [Ignore("payment sandbox is down")]
        public void PaysByCard() { }

        [Test]
        [Explicit("needs a real printer")]
        public void PrintsReceipt() { }

        [Test]
        public void CurrencyRateKnown()
        {
            Assert.Inconclusive("no rate for XTS today");
        }

        [TestCase("Zürich", 3)]
        [TestCase("東京", 5)]
        [TestCase("<&>\"'{}", 7)]
        public void ShipsTo(string city, int days)
        {
            Assert.That(days, Is.LessThan(6), "too slow for " + city);
        }

        // NotRunnable: parameters and no arguments for them.
        [Test]
        public void NeedsArguments(int quantity) { }

        static IEnumerable BrokenSource()
        {
            throw new Exception("source exploded");
        }

        // NotRunnable: its TestCaseSource throws.
        [TestCaseSource("BrokenSource")]
        public void FromBrokenSource(int n) { }

        [Test]
        public void Search() { }

        [Test]
        [MaxTime(1)]
        public void TooSlow()
        {
            System.Threading.Thread.Sleep(50);
        }

        public class Nested
        {
            [Test]
            public void InnerPasses() { }
        }
    }

    [TestFixture]
    public class SearchTests
    {
        // The same name as CartTests.Search.
        [Test]
        public void Search() { Assert.Fail("no results for 'lamp'"); }
    }

    [TestFixture]
    public class SetUpFails
    {
        [SetUp]
        public void Before() { throw new Exception("database is locked"); }

        [Test]
        public void First() { }

        [Test]
        public void Second() { }
    }

    [TestFixture]
    public class FixtureSetUpFails
    {
        [TestFixtureSetUp]
        public void Once() { throw new Exception("cannot start the server"); }

        [Test]
        public void NeverRuns() { }

        [Test]
        public void NeverRunsEither() { }
    }

    [TestFixture]
    public class TearDownFails
    {
        [TearDown]
        public void After() { throw new Exception("cannot delete the temp dir"); }

        [Test]
        public void PassesThenTearDownFails() { }

        [Test]
        public void FailsThenTearDownFails() { Assert.Fail("first the test"); }
    }

    [TestFixture]
    public class FixtureTearDownFails
    {
        [TestFixtureTearDown]
        public void Last() { throw new Exception("cannot stop the server"); }

        [Test]
        public void Passes() { }
    }

    [TestFixture("EUR")]
    [TestFixture("USD")]
    public class CurrencyTests
    {
        readonly string currency;
        public CurrencyTests(string currency) { this.currency = currency; }

        [Test]
        public void Rounds() { Assert.AreNotEqual("USD", currency); }
    }

    [TestFixture]
    public class BigOutput
    {
        [Test]
        public void PrintsALot()
        {
            for (int i = 0; i < 1000; i++) Console.WriteLine("line {0:D4} of a long log ..........................", i);
        }
    }
}
