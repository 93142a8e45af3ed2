<?php
namespace Admin;

use PHPUnit\Framework\TestCase;

final class ProviderFailsTest extends TestCase
{
    /** @dataProvider rows */
    public function testRows(int $a): void { $this->assertTrue(true); }

    public function rows(): array
    {
        throw new \RuntimeException("provider exploded");
    }

    public function testOther(): void { $this->assertTrue(true); }
}
