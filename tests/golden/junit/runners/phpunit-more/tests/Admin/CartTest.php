<?php
namespace Admin;

use PHPUnit\Framework\TestCase;

final class CartTest extends TestCase
{
    protected function setUp(): void
    {
        if ($this->getName() === 'testSetUpFails') {
            throw new \LogicException("setUp failed");
        }
    }

    protected function tearDown(): void
    {
        if ($this->getName() === 'testTearDownFails') {
            throw new \LogicException("tearDown failed");
        }
    }

    public function testAdds(): void
    {
        $this->assertTrue(true);
    }

    public function testSetUpFails(): void
    {
        $this->assertTrue(true);
    }

    public function testTearDownFails(): void
    {
        $this->assertTrue(true);
    }

    /** @requires extension not_an_extension */
    public function testRequiresExtension(): void
    {
        $this->assertTrue(true);
    }
}
