<?php
use PHPUnit\Framework\TestCase;

// A tiny PHPUnit suite: pass, assertion failure, error, skip, incomplete, data sets.
final class CartTest extends TestCase
{
    public function testStartsEmpty(): void
    {
        $this->assertSame(0, count([]));
    }

    public function testTotal(): void
    {
        $this->assertSame(3, 1 + 1, 'total of two items');
    }

    public function testThrows(): void
    {
        throw new RuntimeException('cart is closed');
    }

    public function testSkipped(): void
    {
        $this->markTestSkipped('payment sandbox is down');
    }

    public function testIncomplete(): void
    {
        $this->markTestIncomplete('not written yet');
    }

    public static function names(): array
    {
        return [['Zoë'], ['<&>"\'{}'], 'named row' => ['li']];
    }

    /** @dataProvider names */
    public function testGreets(string $name): void
    {
        echo "hello $name\n";
        $this->assertNotSame('li', $name);
    }
}
