<?php
use PHPUnit\Framework\TestCase;

// The same method name as in CartTest: two tests, told apart by their class.
final class SearchTest extends TestCase
{
    public function testStartsEmpty(): void
    {
        $this->assertTrue(true);
    }
}
