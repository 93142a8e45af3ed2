<?php
namespace Admin;

use PHPUnit\Framework\TestCase;

final class BeforeClassTest extends TestCase
{
    public static function setUpBeforeClass(): void
    {
        throw new \RuntimeException("class fixture failed");
    }

    public function testOne(): void { $this->assertTrue(true); }
    public function testTwo(): void { $this->assertTrue(true); }
}
