<?php
namespace Shop;

use PHPUnit\Framework\TestCase;

final class CartTest extends TestCase
{
    public function testAdds(): void
    {
        echo "output from the test\n";
        $this->assertSame(2, 1 + 1);
    }

    /** @dataProvider names */
    public function testNames(string $name, int $len): void
    {
        $this->assertSame($len, mb_strlen($name));
    }

    public function names(): array
    {
        return [
            'ünïcödé ✓' => ['ünïcödé ✓', 9],
            '<&>"\'{}' => ['<&>"\'{}', 7],
            'wrong' => ['abc', 4],
            [ 'unnamed', 7 ],
        ];
    }

    public function testRisky(): void
    {
    }

    public function testWarning(): void
    {
        $this->assertTrue(true);
        trigger_error("a user warning", E_USER_WARNING);
    }

    public function testDeprecation(): void
    {
        $this->assertTrue(true);
        trigger_error("a deprecation", E_USER_DEPRECATED);
    }

    public function testNotice(): void
    {
        $a = [];
        $this->assertNull(@$a['x']);
        echo $undefinedVariable;
    }

    public function testThrows(): void
    {
        throw new \RuntimeException("boom");
    }

    public function testFirst(): void
    {
        $this->assertSame(1, 2, "first fails");
    }

    /** @depends testFirst */
    public function testDependsOnFirst(): void
    {
        $this->assertTrue(true);
    }

    public function testIncomplete(): void
    {
        $this->markTestIncomplete("half done");
    }

    public function testBigOutput(): void
    {
        echo str_repeat("w", 50000);
        $this->assertTrue(true);
    }

    public function testExpectsException(): void
    {
        $this->expectException(\InvalidArgumentException::class);
    }
}
